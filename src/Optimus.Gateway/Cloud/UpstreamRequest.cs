using System.Buffers;
using System.Collections.Frozen;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Optimus.Gateway.Cloud;

/// <summary>
/// The body sent to the cloud upstream: the client's fields that shape the completion (<see cref="Forwarded"/>: the
/// prompt, sampling, tools, response_format), with the upstream's model name, and, for a stream, asking for the usage
/// chunk so that every cloud call is metered whether or not the client asked for it. Nothing else leaves: not our
/// routing hint, not 'user', 'metadata' or 'store' (identifiers and retention the customer gave us, not the upstream),
/// not fields we do not know.
/// </summary>
internal static class UpstreamRequest
{
    /// <summary>The request fields forwarded to the upstream, as OpenAI's chat and text completion APIs name them.</summary>
    public static readonly FrozenSet<string> Forwarded = FrozenSet.Create(
        StringComparer.Ordinal,
        "messages", "prompt", "suffix", "echo", "best_of",
        "max_tokens", "max_completion_tokens", "temperature", "top_p", "seed", "stop", "n",
        "stream", "stream_options", "logprobs", "top_logprobs", "presence_penalty", "frequency_penalty", "logit_bias",
        "response_format", "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort");

    public static ByteArrayContent Create(JsonElement body, string model, bool stream)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            foreach (var property in body.EnumerateObject())
            {
                if (!Forwarded.Contains(property.Name) || (stream && property.NameEquals("stream_options")))
                {
                    continue;
                }

                property.WriteTo(writer);
            }

            if (stream)
            {
                writer.WriteStartObject("stream_options");
                if (body.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object)
                {
                    foreach (var option in options.EnumerateObject().Where(o => !o.NameEquals("include_usage")))
                    {
                        option.WriteTo(writer);
                    }
                }

                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}
