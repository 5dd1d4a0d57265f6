using Optimus.Gateway.Routing;

namespace Optimus.Gateway.Api;

/// <summary>
/// Checks a finished, non-streamed edge answer before it is written: the after-generation stage (the cascade) of
/// <c>optimus-auto</c>.
/// </summary>
internal interface IAnswerCheck
{
    /// <summary>
    /// Returns the route under which the edge <paramref name="answer"/> is written, or null when the request escalated
    /// and another tier has written the response.
    /// </summary>
    Task<RouteInfo?> CheckAsync(HttpContext context, string answer, CancellationToken cancellationToken);
}
