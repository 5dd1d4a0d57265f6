using System.Text.Json;
using Optimus.Gateway.Api;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Routing;

/// <summary>
/// The client's own choice of tier for an <c>optimus-auto</c> request: the <c>x-optimus-route</c> request header, or
/// the body's <c>"optimus": {"route": "edge" | "cloud"}</c> (the header wins). Absent: the router decides.
/// </summary>
internal static class RouteHint
{
    public const string BodyField = "optimus";

    public static (RouteTier? Hint, ApiError? Error) Read(IHeaderDictionary headers, JsonElement body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.TryGetValue(RouteInfo.Header, out var header) && header.Count > 0)
        {
            return Parse(header.ToString(), RouteInfo.Header);
        }

        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(BodyField, out var optimus))
        {
            return (null, null);
        }

        if (optimus.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiError.Invalid($"'{BodyField}' must be an object such as {{\"route\":\"cloud\"}}.", BodyField));
        }

        if (!optimus.TryGetProperty("route", out var route))
        {
            return (null, null);
        }

        return route.ValueKind == JsonValueKind.String
            ? Parse(route.GetString(), $"{BodyField}.route")
            : (null, ApiError.InvalidRoute($"{BodyField}.route", route.GetRawText()));
    }

    private static (RouteTier? Hint, ApiError? Error) Parse(string? value, string param) => value?.Trim().ToUpperInvariant() switch
    {
        "EDGE" => (RouteTier.Edge, null),
        "CLOUD" => (RouteTier.Cloud, null),
        _ => (null, ApiError.InvalidRoute(param, value)),
    };
}
