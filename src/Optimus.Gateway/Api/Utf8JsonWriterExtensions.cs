using System.Text.Json;

namespace Optimus.Gateway.Api;

internal static class Utf8JsonWriterExtensions
{
    /// <summary>The platform's own field on responses: which vehicle served the request.</summary>
    public static void WriteOptimus(this Utf8JsonWriter writer, string vehicleId)
    {
        writer.WriteStartObject("optimus");
        writer.WriteString("vehicle", vehicleId);
        writer.WriteString("tier", "edge");
        writer.WriteEndObject();
    }
}
