using Optimus.Core.Placement;

namespace Optimus.Gateway.Api;

/// <summary>
/// Hard placement constraints a client may put on a request: <c>x-optimus-region</c> (the vehicle must be in that
/// region, for data residency or latency) and <c>x-optimus-hardware</c> (its hardware profile, for example ai4-16gb).
/// </summary>
internal static class PlacementHeaders
{
    public const string Region = "x-optimus-region";

    public const string Hardware = "x-optimus-hardware";

    public static PlacementFilter? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var region = Value(request, Region);
        var hardware = Value(request, Hardware);
        return region is null && hardware is null ? null : new PlacementFilter(region, hardware);
    }

    private static string? Value(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;
}
