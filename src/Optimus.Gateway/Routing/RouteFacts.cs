using System.Text.Json;
using Optimus.Gateway.Api;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Routing;

/// <summary>What the routing rules look at, gathered from the request and the gateway's state.</summary>
/// <param name="CloudConfigured">Whether a cloud upstream is configured.</param>
/// <param name="Hint">The client's own choice of tier, if any.</param>
/// <param name="HasTools">The request carries <c>tools</c> (or the legacy <c>functions</c>).</param>
/// <param name="StructuredOutput">The request asks for <c>response_format</c> json_schema or json_object.</param>
/// <param name="EstimatedPromptTokens">The prompt's length, estimated (see <see cref="RoutePrompt.EstimateTokens"/>).</param>
/// <param name="MaxTokens">The request's <c>max_tokens</c> (0: not given).</param>
/// <param name="EdgeContextLength">The largest context of the connected vehicles; 0 when none is connected.</param>
internal sealed record RouteFacts(
    bool CloudConfigured,
    RouteTier? Hint,
    bool HasTools,
    bool StructuredOutput,
    int EstimatedPromptTokens,
    int MaxTokens,
    int EdgeContextLength)
{
    public static RouteFacts From(InferenceRequest request, JsonElement body, RouteTier? hint, bool cloudConfigured, int edgeContextLength)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RouteFacts(
            cloudConfigured,
            hint,
            NonEmptyArray(body, "tools") || NonEmptyArray(body, "functions"),
            IsStructuredOutput(body),
            RoutePrompt.EstimateTokens(request),
            request.MaxTokens,
            edgeContextLength);
    }

    private static bool NonEmptyArray(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0;

    private static bool IsStructuredOutput(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("response_format", out var format) && format.ValueKind == JsonValueKind.Object
        && format.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && type.GetString() is "json_schema" or "json_object";
}
