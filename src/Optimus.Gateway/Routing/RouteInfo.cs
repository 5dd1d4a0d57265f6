using System.Globalization;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Routing;

/// <summary>
/// Which tier answers a request and why, as every response states it: the <c>x-optimus-route</c> header
/// (<c>edge; reason=prompt-score</c>), <c>x-optimus-route-score</c> when the router scored the request, and the same in
/// the body's <c>optimus</c> object.
/// </summary>
/// <param name="Tier">The tier that answers.</param>
/// <param name="Reason">Why, one of <see cref="RouteReasons"/>.</param>
/// <param name="Score">The router's score the decision rests on, when the router scored the request.</param>
/// <param name="Threshold">The calibrated threshold <paramref name="Score"/> was compared with.</param>
internal sealed record RouteInfo(RouteTier Tier, string Reason, double? Score = null, double? Threshold = null)
{
    public const string Header = "x-optimus-route";

    public const string ScoreHeader = "x-optimus-route-score";

    /// <summary>The client named <c>optimus-edge</c>.</summary>
    public static RouteInfo EdgeModel { get; } = new(RouteTier.Edge, RouteReasons.Model);

    /// <summary>The client named <c>optimus-cloud</c>.</summary>
    public static RouteInfo CloudModel { get; } = new(RouteTier.Cloud, RouteReasons.Model);

    public string TierName => Tier == RouteTier.Cloud ? "cloud" : "edge";

    public string HeaderValue => $"{TierName}; reason={Reason}";

    /// <summary>Sets (or replaces: a request can change tier before anything is written) the route headers.</summary>
    public void WriteHeaders(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers[Header] = HeaderValue;
        if (Score is { } score)
        {
            response.Headers[ScoreHeader] = score.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            response.Headers.Remove(ScoreHeader);
        }
    }
}
