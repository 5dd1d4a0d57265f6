using Optimus.Routing.Model;

namespace Optimus.Gateway.Routing;

/// <summary>
/// The rules <c>optimus-auto</c> applies before any score, in order: no cloud means the edge; the client's hint is
/// obeyed; tools, structured output, no connected vehicle and a prompt too long for the edge's context go to the
/// cloud. When none applies (null) the learned router decides. Pure and deterministic.
/// </summary>
internal static class RouteRules
{
    public static RouteInfo? Evaluate(RouteFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.CloudConfigured)
        {
            return new RouteInfo(RouteTier.Edge, RouteReasons.NoCloud);
        }

        if (facts.Hint is { } hint)
        {
            return new RouteInfo(hint, RouteReasons.Hint);
        }

        // The edge model has no function calling and no constrained decoding: only the cloud can honour these.
        if (facts.HasTools)
        {
            return new RouteInfo(RouteTier.Cloud, RouteReasons.Tools);
        }

        if (facts.StructuredOutput)
        {
            return new RouteInfo(RouteTier.Cloud, RouteReasons.ResponseFormat);
        }

        if (facts.EdgeContextLength <= 0)
        {
            return new RouteInfo(RouteTier.Cloud, RouteReasons.NoVehicle);
        }

        if (facts.EstimatedPromptTokens + Math.Max(facts.MaxTokens, 1) > facts.EdgeContextLength)
        {
            return new RouteInfo(RouteTier.Cloud, RouteReasons.ContextLength);
        }

        return null;
    }
}
