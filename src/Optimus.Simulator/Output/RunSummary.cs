using Optimus.Core.Economics;
using Optimus.Simulator.Metrics;
using Optimus.Simulator.Model;

namespace Optimus.Simulator.Output;

/// <summary>
/// The run's headline figures at fleet scale (sample figures × the sampling factor): throughput, latency, shares,
/// energy, money, $/Mtok against the datacenter baselines, owners' earnings and what compute adds to a robotaxi.
/// </summary>
internal sealed class RunSummary
{
    public RunSummary(SimulationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Result = result;
        var k = (double)result.SamplingFactor;
        var seconds = result.Days * 86400;
        var series = result.Series;
        EdgeTokens = series.EdgeTokens.Sum() * k;
        CloudTokens = series.CloudTokens.Sum() * k;
        EdgeTokensPerSecond = EdgeTokens / seconds;
        CloudTokensPerSecond = CloudTokens / seconds;
        EdgeTokenShare = EdgeTokens + CloudTokens > 0 ? EdgeTokens / (EdgeTokens + CloudTokens) : double.NaN;
        EdgeCharges = NanoDollars.ToDollars(series.ChargesNano.Sum()) * k;
        OwnerShare = NanoDollars.ToDollars(series.OwnerNano.Sum()) * k;
        Reimbursement = NanoDollars.ToDollars(result.TotalReimbursementNano) * k;
        CloudCharges = NanoDollars.ToDollars(series.CloudChargesNano.Sum()) * k;
        CloudUpstream = NanoDollars.ToDollars(series.CloudUpstreamNano.Sum()) * k;
        EnergyKWh = Energy.ToKWh(result.TotalEnergyUj) * k;
        long busy = 0, slots = 0;
        for (var h = 0; h < series.Hours; h++)
        {
            busy += series.LevelIntegral[((int)Level.BusySlots * series.Hours) + h];
            slots += series.LevelIntegral[((int)Level.EligibleSlots * series.Hours) + h];
        }

        Utilisation = slots > 0 ? busy / (double)slots : double.NaN;
        MeanAvailable = Enumerable.Range(0, series.Hours).Average(h => series.AverageLevel(Level.Available, h));
        MeanPlugged = Enumerable.Range(0, series.Hours).Average(h => series.AverageLevel(Level.Plugged, h));
        var all = Merge(series, edgeOnly: false);
        var edge = Merge(series, edgeOnly: true);
        TtftP50 = LatencyHistogram.Percentile(all, 0.5);
        TtftP99 = LatencyHistogram.Percentile(all, 0.99);
        EdgeTtftP50 = LatencyHistogram.Percentile(edge, 0.5);
        EdgeTtftP99 = LatencyHistogram.Percentile(edge, 0.99);
        Baseline = result.Config.Economics.Datacenter;
        var owners = result.Servers.Where(s => s.OptedIn && !s.IsRobotaxi).ToArray();
        OwnerEarningsPerYear = owners.Select(s => OwnerEarnings.DollarsPerYear(s.OwnerShareNano, result.Days)).Order().ToArray();
        OwnerPaymentsPerYear = owners.Select(s => OwnerEarnings.DollarsPerYear(s.OwnerShareNano + s.ReimbursementNano, result.Days)).Order().ToArray();
        var taxis = result.Servers.Where(s => s.IsRobotaxi).ToArray();
        RobotaxiComputeRevenuePerDay = taxis.Length == 0 ? double.NaN : taxis.Average(s => NanoDollars.ToDollars(s.ChargesNano - s.ReimbursementNano)) / result.Days;
        RobotaxiRideRevenuePerDay = result.Robotaxis == 0 ? double.NaN : result.Mobility.Rides * result.Config.Robotaxi.FareDollarsPerRide / (result.Robotaxis * result.Days);
    }

    public SimulationResult Result { get; }

    public double EdgeTokens { get; }

    public double CloudTokens { get; }

    public double EdgeTokensPerSecond { get; }

    public double CloudTokensPerSecond { get; }

    public double EdgeTokenShare { get; }

    public double EdgeCharges { get; }

    public double OwnerShare { get; }

    public double Reimbursement { get; }

    public double CloudCharges { get; }

    public double CloudUpstream { get; }

    public double EnergyKWh { get; }

    public double Utilisation { get; }

    public double MeanAvailable { get; }

    public double MeanPlugged { get; }

    public double TtftP50 { get; }

    public double TtftP99 { get; }

    public double EdgeTtftP50 { get; }

    public double EdgeTtftP99 { get; }

    public DatacenterBaseline Baseline { get; }

    /// <summary>Opted-in private owners' revenue share per year (energy is reimbursed on top, at their tariff), sorted.</summary>
    public IReadOnlyList<double> OwnerEarningsPerYear { get; }

    public IReadOnlyList<double> OwnerPaymentsPerYear { get; }

    public double RobotaxiComputeRevenuePerDay { get; }

    public double RobotaxiRideRevenuePerDay { get; }

    /// <summary>The fleet's energy cost per million edge tokens (what serving costs beyond owners' time).</summary>
    public double EnergyPerMtok => TokenCost.PerMillionTokens(Reimbursement, EdgeTokens);

    /// <summary>What the platform pays out per million edge tokens: owners' share plus energy.</summary>
    public double FleetCostPerMtok => TokenCost.PerMillionTokens(OwnerShare + Reimbursement, EdgeTokens);

    /// <summary>The customer's realised edge price per million output tokens (prompt charges included).</summary>
    public double EdgePricePerMtok => TokenCost.PerMillionTokens(EdgeCharges, EdgeTokens);

    public double PlatformEdgeMargin => EdgeCharges - OwnerShare - Reimbursement;

    public double OwnerPercentile(double q) => Percentile(OwnerEarningsPerYear, q);

    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Clamp(Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static long[] Merge(HourlySeries series, bool edgeOnly)
    {
        var merged = new long[LatencyHistogram.Buckets];
        for (var h = 0; h < series.Hours; h++)
        {
            var span = series.Ttft(h, edgeOnly);
            for (var b = 0; b < merged.Length; b++)
            {
                merged[b] += span[b];
            }
        }

        return merged;
    }
}
