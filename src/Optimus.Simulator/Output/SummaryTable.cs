using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Output;

/// <summary>The headline figures of a run, in a fixed order (summary.csv, the report's table, the sweep).</summary>
internal static class SummaryTable
{
    public static IReadOnlyList<SummaryMetric> Build(RunSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var r = s.Result;
        var k = (double)r.SamplingFactor;
        var interactive = r.Total(Counter.InteractiveArrivals) * k;
        var batch = r.Total(Counter.BatchRequests) * k;
        var capacity = r.Capacities.Count > 0 ? r.Capacities[0] : default;
        return
        [
            new("vehicles", r.Vehicles, "vehicles", 0),
            new("days", r.Days, "days", 2),
            new("sampling_factor", k, "real requests per simulated request", 0),
            new("serving_sample", r.Servers.Count, "vehicles", 0),
            new("robotaxis", r.Robotaxis, "vehicles", 0),
            new("opted_in_private", r.OptedIn, "vehicles", 0),
            new("home_charging_access", r.HomeAccess, "vehicles", 0),
            new("slots_per_vehicle", capacity.Slots, "streams (first hardware profile)", 0),
            new("stream_tokens_per_s", capacity.StreamTokensPerSecond, "tok/s per stream", 2),
            new("vehicle_tokens_per_s", capacity.VehicleTokensPerSecond, "tok/s per vehicle at full batch", 1),
            new("mean_vehicles_plugged", s.MeanPlugged, "vehicles", 1),
            new("mean_vehicles_available", s.MeanAvailable, "vehicles", 1),
            new("utilisation", s.Utilisation, "busy / available slots", 4),
            new("interactive_requests", interactive, "requests", 0),
            new("batch_requests", batch, "requests", 0),
            new("edge_completed", (r.Total(Counter.EdgeCompleted) + r.Total(Counter.BatchEdgeCompleted)) * k, "requests", 0),
            new("cloud_routed", r.Total(Counter.CloudRouted) * k, "requests", 0),
            new("cloud_spilled", r.Total(Counter.CloudSpilled) * k, "requests", 0),
            new("cloud_batch", r.Total(Counter.CloudBatch) * k, "requests", 0),
            new("cloud_after_failovers", r.Total(Counter.CloudFailover) * k, "requests", 0),
            new("rejected", r.Total(Counter.Rejected) * k, "requests", 0),
            new("failovers", r.Total(Counter.Failovers) * k, "continuations", 0),
            new("edge_tokens_per_s", s.EdgeTokensPerSecond, "output tok/s", 0),
            new("cloud_tokens_per_s", s.CloudTokensPerSecond, "output tok/s", 0),
            new("edge_token_share", s.EdgeTokenShare, "edge / all output tokens", 4),
            new("ttft_p50_ms", s.TtftP50, "ms, interactive", 0),
            new("ttft_p99_ms", s.TtftP99, "ms, interactive", 0),
            new("edge_ttft_p50_ms", s.EdgeTtftP50, "ms, interactive on vehicles", 0),
            new("edge_ttft_p99_ms", s.EdgeTtftP99, "ms, interactive on vehicles", 0),
            new("energy_kwh", s.EnergyKWh, "kWh", 1),
            new("energy_cost_usd", s.Reimbursement, "USD (reimbursed to owners)", 2),
            new("edge_revenue_usd", s.EdgeCharges, "USD", 2),
            new("owner_share_usd", s.OwnerShare, "USD", 2),
            new("platform_edge_margin_usd", s.PlatformEdgeMargin, "USD", 2),
            new("cloud_revenue_usd", s.CloudCharges, "USD", 2),
            new("cloud_upstream_usd", s.CloudUpstream, "USD", 2),
            new("edge_price_per_mtok", s.EdgePricePerMtok, "USD per million output tokens", 4),
            new("fleet_energy_per_mtok", s.EnergyPerMtok, "USD per million output tokens", 4),
            new("fleet_cost_per_mtok", s.FleetCostPerMtok, "USD per million output tokens (owners + energy)", 4),
            new("h100_rental_per_mtok", s.Baseline.RentalPerMillionTokens, "USD per million tokens", 4),
            new("owned_datacenter_per_mtok", s.Baseline.OwnedPerMillionTokens, "USD per million tokens", 4),
            new("owned_datacenter_without_nvidia_margin_per_mtok", s.Baseline.OwnedWithoutNvidiaMarginPerMillionTokens, "USD per million tokens", 4),
            new("owner_earnings_p10_usd_per_year", s.OwnerPercentile(0.1), "USD per opted-in car per year", 2),
            new("owner_earnings_p50_usd_per_year", s.OwnerPercentile(0.5), "USD per opted-in car per year", 2),
            new("owner_earnings_p90_usd_per_year", s.OwnerPercentile(0.9), "USD per opted-in car per year", 2),
            new("owner_earnings_mean_usd_per_year", s.OwnerEarningsPerYear.Count == 0 ? double.NaN : s.OwnerEarningsPerYear.Average(), "USD per opted-in car per year", 2),
            new("robotaxi_ride_revenue_per_day", s.RobotaxiRideRevenuePerDay, "USD per robotaxi per day", 2),
            new("robotaxi_compute_revenue_per_day", s.RobotaxiComputeRevenuePerDay, "USD per robotaxi per day, net of energy", 2),
            new("rides_per_robotaxi_day", r.Robotaxis == 0 ? double.NaN : r.Mobility.Rides / (r.Robotaxis * r.Days), "rides", 2),
        ];
    }
}
