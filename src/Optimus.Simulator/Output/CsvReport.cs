using Optimus.Core.Economics;
using Optimus.Simulator.Engine;
using Optimus.Simulator.Metrics;
using Optimus.Simulator.Model;

namespace Optimus.Simulator.Output;

/// <summary>
/// The CSV outputs: timeseries.csv (hourly, fleet scale), vehicles.csv (the serving sample), summary.csv and
/// departures.csv. Contents depend only on the config and seed: same seed, same bytes.
/// </summary>
internal static class CsvReport
{
    public static void Write(RunSummary summary, string directory)
    {
        ArgumentNullException.ThrowIfNull(summary);
        Directory.CreateDirectory(directory);
        TimeSeries(summary.Result).Write(Path.Combine(directory, "timeseries.csv"));
        Vehicles(summary.Result).Write(Path.Combine(directory, "vehicles.csv"));
        Summary(summary).Write(Path.Combine(directory, "summary.csv"));
        Departures(summary.Result).Write(Path.Combine(directory, "departures.csv"));
    }

    public static Csv TimeSeries(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Series;
        var k = (double)r.SamplingFactor;
        var csv = new Csv("hour", "utc", "vehicles_plugged", "vehicles_available", "vehicles_driving", "robotaxis_available",
            "slots_available", "slots_busy", "utilisation", "interactive_requests", "batch_requests", "edge_completed",
            "batch_edge_completed", "cloud_routed", "cloud_spilled", "cloud_batch", "cloud_after_failovers", "rejected",
            "failovers", "edge_tokens_per_s", "cloud_tokens_per_s", "edge_token_share", "ttft_p50_ms", "ttft_p99_ms",
            "edge_ttft_p50_ms", "edge_ttft_p99_ms", "energy_kwh", "energy_cost_usd", "edge_revenue_usd", "owner_share_usd",
            "cloud_revenue_usd", "cloud_upstream_usd");
        var prices = Simulation.TariffPrices(r.Config);
        for (var h = 0; h < s.Hours; h++)
        {
            var slots = s.AverageLevel(Level.EligibleSlots, h);
            var busy = s.AverageLevel(Level.BusySlots, h);
            var edge = s.EdgeTokens[h];
            var cloud = s.CloudTokens[h];
            long energy = 0;
            var cost = 0.0;
            for (var g = 0; g < s.Tariffs; g++)
            {
                var uj = s.EnergyUj[(h * s.Tariffs) + g];
                energy += uj;
                cost += Energy.ToKWh(uj) * prices[g];
            }

            csv.Add(h).Add(r.Config.Start.ToUniversalTime().AddTicks(h * SimTime.Hour * 10).ToString("yyyy-MM-ddTHH:mmZ", System.Globalization.CultureInfo.InvariantCulture))
                .Add(s.AverageLevel(Level.Plugged, h), 1).Add(s.AverageLevel(Level.Available, h), 1)
                .Add(s.AverageLevel(Level.Driving, h), 1).Add(s.AverageLevel(Level.RobotaxiAvailable, h), 1)
                .Add(slots * k, 1).Add(busy * k, 1).Add(slots > 0 ? busy / slots : double.NaN, 4);
            foreach (var c in new[] { Counter.InteractiveArrivals, Counter.BatchRequests, Counter.EdgeCompleted, Counter.BatchEdgeCompleted,
                         Counter.CloudRouted, Counter.CloudSpilled, Counter.CloudBatch, Counter.CloudFailover, Counter.Rejected, Counter.Failovers })
            {
                csv.Add(s.Get(c, h) * r.SamplingFactor);
            }

            csv.Add(edge * k / 3600, 1).Add(cloud * k / 3600, 1).Add(edge + cloud > 0 ? edge / (edge + cloud) : double.NaN, 4)
                .Add(LatencyHistogram.Percentile(s.Ttft(h, false), 0.5), 0).Add(LatencyHistogram.Percentile(s.Ttft(h, false), 0.99), 0)
                .Add(LatencyHistogram.Percentile(s.Ttft(h, true), 0.5), 0).Add(LatencyHistogram.Percentile(s.Ttft(h, true), 0.99), 0)
                .Add(Energy.ToKWh(energy) * k, 3).Add(cost * k, 4)
                .Add(NanoDollars.ToDollars(s.ChargesNano[h]) * k, 4).Add(NanoDollars.ToDollars(s.OwnerNano[h]) * k, 4)
                .Add(NanoDollars.ToDollars(s.CloudChargesNano[h]) * k, 4).Add(NanoDollars.ToDollars(s.CloudUpstreamNano[h]) * k, 4);
            csv.EndRow();
        }

        return csv;
    }

    public static Csv Vehicles(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var csv = new Csv("vehicle", "kind", "region", "hardware", "opted_in", "home_access", "eligible_hours", "output_tokens",
            "energy_kwh", "energy_reimbursed_usd", "charges_usd", "owner_share_usd", "owner_share_usd_per_year");
        foreach (var v in r.Servers)
        {
            csv.Add(v.Vehicle).Add(v.IsRobotaxi ? "robotaxi" : "private").Add(v.Region).Add(v.Hardware).Add(v.OptedIn).Add(v.HomeAccess)
                .Add(v.EligibleHours, 3).Add(v.OutputTokens, 1).Add(Energy.ToKWh(v.EnergyUj), 4)
                .Add(NanoDollars.ToDollars(v.ReimbursementNano), 6).Add(NanoDollars.ToDollars(v.ChargesNano), 6)
                .Add(NanoDollars.ToDollars(v.OwnerShareNano), 6).Add(OwnerEarnings.DollarsPerYear(v.OwnerShareNano, r.Days), 2);
            csv.EndRow();
        }

        return csv;
    }

    public static Csv Summary(RunSummary summary)
    {
        var csv = new Csv("metric", "value", "unit");
        foreach (var m in SummaryTable.Build(summary))
        {
            csv.Add(m.Name).Add(m.Value, m.Decimals).Add(m.Unit);
            csv.EndRow();
        }

        return csv;
    }

    public static Csv Departures(SimulationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var csv = new Csv("local_hour", "departures", "share");
        var d = r.Mobility.DeparturesByLocalHour;
        var total = Math.Max(1, d.Sum());
        for (var h = 0; h < 24; h++)
        {
            csv.Add(h).Add(d[h]).Add(d[h] / (double)total, 4);
            csv.EndRow();
        }

        return csv;
    }
}
