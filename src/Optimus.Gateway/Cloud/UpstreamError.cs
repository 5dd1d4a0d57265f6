using System.Text.Json;
using System.Text.Json.Nodes;

namespace Optimus.Gateway.Cloud;

/// <summary>
/// The error an upstream sent: OpenAI's <c>{"error":{"message","type","param","code"}}</c> when it used that shape,
/// else the start of whatever text it sent.
/// </summary>
internal sealed record UpstreamError(string? Message, string? Type = null, string? Param = null, string? Code = null)
{
    private const int MaxTextLength = 300;

    public static UpstreamError None { get; } = new((string?)null);

    public static UpstreamError Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return None;
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject root && root["error"] is { } error)
            {
                return From(error);
            }
        }
        catch (JsonException)
        {
            // Not JSON: an HTML error page or plain text from a proxy.
        }

        var trimmed = text.Trim();
        return new UpstreamError(trimmed.Length <= MaxTextLength ? trimmed : trimmed[..MaxTextLength] + "…");
    }

    /// <summary>Reads the value of an <c>error</c> field: an object in OpenAI's shape, or a bare message.</summary>
    public static UpstreamError From(JsonNode? error) => error switch
    {
        JsonObject fields => new UpstreamError(Text(fields["message"]), Text(fields["type"]), Text(fields["param"]), Text(fields["code"])),
        JsonValue value => new UpstreamError(Text(value)),
        _ => None,
    };

    // Some upstreams send numeric codes; keep them as text.
    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };
}
