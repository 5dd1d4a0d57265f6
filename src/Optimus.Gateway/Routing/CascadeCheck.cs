using System.Text.Json;
using Optimus.Gateway.Api;
using Optimus.Gateway.Cloud;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Routing;

/// <summary>
/// The cascade of a non-streamed <c>optimus-auto</c> request that the prompt score kept on the edge: the router scores
/// the edge model's finished answer, and below its calibrated confidence the request goes to the cloud, whose answer
/// replaces the edge's. If the cloud then fails, the edge answer stands (reason <c>cloud-failed</c>).
/// </summary>
internal sealed class CascadeCheck(LearnedRouter router, CloudCompletions cloud, InferenceRequest request, JsonElement body) : IAnswerCheck
{
    public async Task<RouteInfo?> CheckAsync(HttpContext context, string answer, CancellationToken cancellationToken)
    {
        var route = router.AfterGeneration(RoutePrompt.Text(request), answer);
        if (route.Tier == RouteTier.Edge)
        {
            return route;
        }

        var failed = await cloud.ServeAsync(context, request, body, route);
        return failed is null ? null : route with { Tier = RouteTier.Edge, Reason = RouteReasons.CloudFailed };
    }
}
