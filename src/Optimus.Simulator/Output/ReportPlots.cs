using Optimus.Core.Economics;
using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Output;

/// <summary>The report's plots, each a named PNG.</summary>
internal static class ReportPlots
{
    public static IReadOnlyList<(string Name, string Caption, byte[] Png)> Render(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var r = summary.Result;
        var s = r.Series;
        var k = (double)r.SamplingFactor;
        var hours = Enumerable.Range(0, s.Hours).ToArray();
        double[] Level(Level level, double scale = 1) => hours.Select(h => s.AverageLevel(level, h) * scale).ToArray();
        double[] P(bool edge, double q) => hours.Select(h => LatencyHistogram.Percentile(s.Ttft(h, edge), q)).ToArray();
        var edgeTps = hours.Select(h => s.EdgeTokens[h] * k / 3600).ToArray();
        var cloudTps = hours.Select(h => s.CloudTokens[h] * k / 3600).ToArray();
        var utilisation = hours.Select(h => s.AverageLevel(Metrics.Level.EligibleSlots, h) is var a && a > 0 ? s.AverageLevel(Metrics.Level.BusySlots, h) / a : double.NaN).ToArray();
        var edgeShare = hours.Select(h => s.EdgeTokens[h] + s.CloudTokens[h] is var t && t > 0 ? s.EdgeTokens[h] / t : double.NaN).ToArray();
        var energy = hours.Select(h => Enumerable.Range(0, s.Tariffs).Sum(g => Energy.ToKWh(s.EnergyUj[(h * s.Tariffs) + g])) * k).ToArray();
        var revenue = hours.Select(h => NanoDollars.ToDollars(s.ChargesNano[h]) * k).ToArray();
        var prices = Model.Simulation.TariffPrices(r.Config);
        var energyCost = hours.Select(h => Enumerable.Range(0, s.Tariffs).Sum(g => Energy.ToKWh(s.EnergyUj[(h * s.Tariffs) + g]) * prices[g]) * k).ToArray();
        var b = summary.Baseline;
        return
        [
            ("availability", "Vehicles plugged in, allowed to serve by Core's Availability.Evaluate, and driving (whole fleet, hourly means).",
                Charts.Lines("Vehicles by hour", "vehicles", [("plugged in", Level(Metrics.Level.Plugged)), ("available", Level(Metrics.Level.Available)), ("driving", Level(Metrics.Level.Driving))])),
            ("throughput", "Output tokens per second served by the fleet and by the cloud tier (fleet scale).",
                Charts.Lines("Tokens per second", "output tok/s", [("edge (vehicles)", edgeTps), ("cloud tier", cloudTps)])),
            ("utilisation", "Busy slots over slots of available vehicles.",
                Charts.Lines("Utilisation of available vehicles", "busy / available slots", [("utilisation", utilisation)])),
            ("latency", "Time to first token of interactive requests: queue wait + network + prefill (edge) or the cloud's.",
                Charts.Lines("Time to first token", "ms", [("p50 all", P(false, 0.5)), ("p99 all", P(false, 0.99)), ("p50 edge", P(true, 0.5)), ("p99 edge", P(true, 0.99))])),
            ("edge_share", "Share of output tokens generated on vehicles rather than the cloud tier.",
                Charts.Lines("Edge share of output tokens", "share", [("edge share", edgeShare)])),
            ("earnings", "Opted-in private owners' revenue share per car per year (energy is reimbursed on top at their tariff).",
                Charts.Histogram("Owners' earnings per car per year", "USD per year", summary.OwnerEarningsPerYear, 30)),
            ("energy", "Energy drawn at the wall by serving vehicles, its cost at the owners' tariffs, and edge revenue, per hour (fleet scale).",
                Charts.Lines("Energy and its cost per hour", "kWh / USD", [("energy kWh", energy), ("energy cost USD", energyCost), ("edge revenue USD", revenue)])),
            ("cost_per_mtok", "$ per million output tokens: the fleet's energy alone, its payout (owners' share + energy), the edge price, and GPU baselines.",
                Charts.Bars("$ per million tokens", "USD / Mtok", [("fleet energy", summary.EnergyPerMtok), ("fleet payout", summary.FleetCostPerMtok),
                    ("edge price", summary.EdgePricePerMtok), ("H100 rental", b.RentalPerMillionTokens), ("owned DC", b.OwnedPerMillionTokens),
                    ("owned DC, no NVIDIA margin", b.OwnedWithoutNvidiaMarginPerMillionTokens)], "0.000")),
            ("robotaxi", "A robotaxi's revenue per day from rides and from compute in its idle gaps and depot charging (net of energy).",
                Charts.Bars("Robotaxi revenue per day", "USD per robotaxi per day", [("rides", summary.RobotaxiRideRevenuePerDay), ("compute", summary.RobotaxiComputeRevenuePerDay)], "0.00")),
        ];
    }
}
