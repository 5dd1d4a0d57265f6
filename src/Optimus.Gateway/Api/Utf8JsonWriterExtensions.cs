using System.Text.Json;
using Optimus.Gateway.Routing;

namespace Optimus.Gateway.Api;

internal static class Utf8JsonWriterExtensions
{
    /// <summary>
    /// The platform's own field on responses: which vehicle (or <c>cloud</c>) served the request, on which tier, and
    /// why (the route's reason, and the router's score and threshold when it scored the request).
    /// </summary>
    public static void WriteOptimus(this Utf8JsonWriter writer, string vehicleId, RouteInfo route)
    {
        writer.WriteStartObject("optimus");
        writer.WriteString("vehicle", vehicleId);
        writer.WriteString("tier", route.TierName);
        writer.WriteString("route", route.Reason);
        if (route.Score is { } score)
        {
            writer.WriteNumber("score", score);
        }

        if (route.Threshold is { } threshold)
        {
            writer.WriteNumber("threshold", threshold);
        }

        writer.WriteEndObject();
    }
}
