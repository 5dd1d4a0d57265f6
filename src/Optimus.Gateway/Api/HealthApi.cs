using Optimus.Abstractions;
using Optimus.Core.Placement;

namespace Optimus.Gateway.Api;

/// <summary>
/// GET /health: the process is up. GET /ready: the silo answers and at least one vehicle can take work; otherwise 503,
/// so a load balancer sends traffic elsewhere.
/// </summary>
internal static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this RouteGroupBuilder group)
    {
        group.MapGet("/health", static () => TypedResults.Ok(new { status = "ok" }));
        group.MapGet("/ready", static async Task<IResult> (IGrainFactory grains, GatewayOptions options) =>
        {
            var cells = await Task.WhenAll(new DispatchCells(options.DispatchCells).FromStart(0).Select(c => grains.GetGrain<IDispatcherGrain>(c).GetSummary()));
            var summary = new FleetSummary(cells.Sum(c => c.Vehicles), cells.Sum(c => c.Serving), cells.Sum(c => c.Slots), cells.Sum(c => c.ActiveJobs));
            var body = new { status = summary.Serving > 0 ? "ready" : "no_vehicles", vehicles = summary.Vehicles, serving = summary.Serving, slots = summary.Slots, active_jobs = summary.ActiveJobs };
            return summary.Serving > 0 ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return group;
    }
}
