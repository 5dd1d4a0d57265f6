using System.Text.Json;
using Optimus.Gateway.Api;
using Optimus.Gateway.Devices;

namespace Optimus.Gateway.Routing;

/// <summary>
/// Decides, before generation, where an <c>optimus-auto</c> request goes: the <see cref="RouteRules"/> first, then the
/// learned router's score on the prompt, else (no router file) the edge.
/// </summary>
internal sealed partial class AutoRouter(LearnedRouter router, AgentSessions sessions, GatewayOptions options, ILogger<AutoRouter> logger)
{
    /// <summary>The route, or a 400 for a malformed hint.</summary>
    public (RouteInfo? Route, ApiError? Error) Decide(IHeaderDictionary headers, InferenceRequest request, JsonElement body)
    {
        var (hint, error) = RouteHint.Read(headers, body);
        if (error is not null)
        {
            return (null, error);
        }

        var edgeContext = sessions.Count == 0 ? 0 : sessions.LargestContextLength;
        var facts = RouteFacts.From(request, body, hint, options.Cloud.IsConfigured, edgeContext);
        var route = RouteRules.Evaluate(facts)
            ?? (router.IsLoaded ? router.BeforeGeneration(RoutePrompt.Text(request)) : new RouteInfo(Optimus.Routing.Model.RouteTier.Edge, RouteReasons.RulesOnly));
        LogDecision(route.HeaderValue, route.Score);
        return (route, null);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "optimus-auto routes to {Route} (score {Score})")]
    private partial void LogDecision(string route, double? score);
}
