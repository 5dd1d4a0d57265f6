using Optimus.Abstractions;
using Optimus.Core.Placement;

namespace Optimus.Gateway.Api;

/// <summary>
/// GET /health: the process is up. GET /ready: the silo answers and at least one vehicle can take work; otherwise 503,
/// so a load balancer sends traffic elsewhere.
/// </summary>
internal static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this RouteGroupBuilder api)
    {
        // Open to anyone (load balancers, probes): they say whether the process and the fleet are up, nothing more.
        var group = api.MapGroup(string.Empty).AllowAnonymous();
        // In cluster mode, also the silos this one sees as active: how an operator (and the cluster test) watches the
        // cluster converge after a silo dies or rejoins.
        group.MapGet("/health", static (HttpContext context) =>
        {
            var services = context.RequestServices;
            var clustered = services.GetRequiredService<GatewayOptions>().ClusterDatabase is not null;
            var silos = clustered && services.GetService<Orleans.Runtime.IClusterMembershipService>() is { } membership
                ? membership.CurrentSnapshot.Members.Values.Count(m => m.Status == Orleans.Runtime.SiloStatus.Active)
                : 1;
            return TypedResults.Ok(new { status = "ok", mode = clustered ? "cluster" : "single", silos });
        });
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
