namespace Optimus.Gateway.Accounts;

/// <summary>How many requests one key (or all open callers together) may have running and waiting at once.</summary>
/// <param name="ConcurrentRequestsPerKey">
/// Requests of one key in progress at once, including those waiting for a fleet slot; it bounds the key's share of the
/// fleet's queue, so a flood cannot fill it for everyone.
/// </param>
/// <param name="QueuedRequestsPerKey">
/// Requests of one key beyond <paramref name="ConcurrentRequestsPerKey"/> that wait, oldest first, for one of the key's
/// own permits; beyond those, 429 (<c>rate_limit_exceeded</c>) with Retry-After.
/// </param>
public sealed record RateLimitingOptions(int ConcurrentRequestsPerKey = 64, int QueuedRequestsPerKey = 256)
{
    public static RateLimitingOptions Default { get; } = new();
}
