using System.Text.Json;
using Optimus.Gateway.Api;
using Optimus.Gateway.Cloud;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Storage;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Routing;

/// <summary>
/// Serves the models that are not pinned to the vehicles. <c>optimus-cloud</c> always goes to the cloud tier.
/// <c>optimus-auto</c> is routed per request by <see cref="AutoRouter"/>; when the edge serves a non-streamed request
/// that the prompt score kept there, the <see cref="CascadeCheck"/> may still escalate it after generation. Streams use
/// the prompt-stage decision only: their tokens reach the client as they are generated, before any answer could be
/// judged. A prompt-score choice of the cloud falls back to the edge when the cloud fails before answering.
/// </summary>
internal sealed partial class RoutedCompletions(
    AutoRouter router,
    LearnedRouter learned,
    CloudCompletions cloud,
    InferenceDispatcher dispatcher,
    JobJournal journal,
    TimeProvider time,
    ILogger<RoutedCompletions> logger)
{
    public bool CloudConfigured => cloud.IsConfigured;

    public async Task ServeAsync(HttpContext context, InferenceRequest request, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Model == ModelCatalog.Cloud)
        {
            if (await cloud.ServeAsync(context, request, body, RouteInfo.CloudModel) is { } error)
            {
                await error.WriteAsync(context.Response);
            }

            return;
        }

        var (route, invalid) = router.Decide(context.Request.Headers, request, body);
        if (invalid is not null)
        {
            await invalid.WriteAsync(context.Response);
            return;
        }

        if (route!.Tier == RouteTier.Cloud)
        {
            var failed = await cloud.ServeAsync(context, request, body, route);
            if (failed is null)
            {
                return;
            }

            // Rules and hints chose the cloud because the edge cannot (or must not) serve; a score only preferred it.
            if (route.Reason != RouteReasons.PromptScore || failed.Status < StatusCodes.Status500InternalServerError)
            {
                await failed.WriteAsync(context.Response);
                return;
            }

            LogFallback(failed.Code);
            route = route with { Tier = RouteTier.Edge, Reason = RouteReasons.CloudFailed };
        }

        var cascade = route.Reason == RouteReasons.PromptScore && !request.Stream ? new CascadeCheck(learned, cloud, request, body) : null;
        await CompletionsApi.ServeOnEdgeAsync(context, request, route, cascade, dispatcher, journal, time);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The cloud failed ({Code}) for a request its prompt score sent there; the edge answers instead")]
    private partial void LogFallback(string? code);
}
