using System.Text.Json;
using System.Text.Json.Nodes;
using Optimus.Gateway.Api;
using Optimus.Gateway.Routing;

namespace Optimus.Gateway.Cloud;

/// <summary>
/// One cloud answer as it is re-emitted: the upstream's completion (or each stream chunk) with our id, our model
/// name, our creation time and our <c>optimus</c> object; choices, tool calls, log-probabilities and the rest exactly
/// as the upstream sent them. Keeps the usage and finish reason that the journal records.
/// </summary>
internal sealed class CloudAnswer(string id, string model, long created, RouteInfo route)
{
    public int PromptTokens { get; private set; }

    public int CompletionTokens { get; private set; }

    public string? FinishReason { get; private set; }

    /// <summary>
    /// Rewrites <paramref name="upstream"/> in place and takes its usage. Without <paramref name="keepUsage"/> the usage
    /// is removed (the client did not ask for it; we did, to meter the call), and a chunk left with nothing for the
    /// client returns false.
    /// </summary>
    public bool Take(JsonObject upstream, bool keepUsage)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        upstream["id"] = id;
        upstream["model"] = model;
        upstream["created"] = created;
        upstream.Remove("optimus");
        if (upstream["usage"] is JsonObject usage)
        {
            PromptTokens = Count(usage["prompt_tokens"]);
            CompletionTokens = Count(usage["completion_tokens"]);
            if (!keepUsage)
            {
                upstream.Remove("usage");
            }
        }

        if (upstream["choices"] is JsonArray choices)
        {
            foreach (var choice in choices)
            {
                if (choice?["finish_reason"] is JsonValue finish && finish.GetValueKind() == JsonValueKind.String)
                {
                    FinishReason = finish.GetValue<string>();
                }
            }

            return keepUsage || choices.Count > 0;
        }

        return true;
    }

    /// <summary>Writes a rewritten object, with our <c>optimus</c> object last.</summary>
    public void Write(Utf8JsonWriter writer, JsonObject upstream)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(upstream);
        writer.WriteStartObject();
        foreach (var (name, value) in upstream)
        {
            writer.WritePropertyName(name);
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                value.WriteTo(writer);
            }
        }

        writer.WriteOptimus(CloudCompletions.VehicleId, route);
        writer.WriteEndObject();
    }

    private static int Count(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var count) ? count : 0;
}
