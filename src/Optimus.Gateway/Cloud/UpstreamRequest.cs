using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Optimus.Gateway.Cloud;

/// <summary>
/// The body sent to the cloud upstream: the client's own body, field for field (tools, response_format and whatever
/// else the large model understands), with the upstream's model name, without our routing hint, and, for a stream,
/// asking for the usage chunk so that every cloud call is metered whether or not the client asked for it.
/// </summary>
internal static class UpstreamRequest
{
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
                if (property.NameEquals("model") || property.NameEquals("optimus") || (stream && property.NameEquals("stream_options")))
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
