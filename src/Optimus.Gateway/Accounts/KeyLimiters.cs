using System.Threading.RateLimiting;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// One partition's limiters (a key, or all open callers): requests per minute as a
/// <see cref="TokenBucketRateLimiter"/>, tokens per minute as a <see cref="TokenBudget"/>, and concurrent requests as a
/// <see cref="ConcurrencyLimiter"/> whose queue holds the key's requests beyond its share, oldest first, so that a
/// flooding key waits behind itself rather than in front of others.
/// </summary>
internal sealed class KeyLimiters : IDisposable
{
    public KeyLimiters(KeyLimits limits, RateLimitingOptions options)
        : this(limits, new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options?.ConcurrentRequestsPerKey ?? throw new ArgumentNullException(nameof(options)),
            QueueLimit = options.QueuedRequestsPerKey,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }))
    {
    }

    private KeyLimiters(KeyLimits limits, ConcurrencyLimiter concurrency)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Limits = limits;
        Concurrency = concurrency;
        if (limits.RequestsPerMinute > 0)
        {
            Requests = TokenBudget.PerMinute(limits.RequestsPerMinute);
        }

        if (limits.TokensPerMinute > 0)
        {
            Tokens = new TokenBudget(limits.TokensPerMinute);
        }
    }

    /// <summary>The limits these limiters were made for; a key whose limits change gets new ones.</summary>
    public KeyLimits Limits { get; }

    public ConcurrencyLimiter Concurrency { get; }

    public TokenBucketRateLimiter? Requests { get; }

    public TokenBudget? Tokens { get; }

    /// <summary>Requests of this partition waiting for a concurrency permit.</summary>
    public long Queued => Concurrency.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Limiters for new <paramref name="limits"/> that keep this one's concurrency limiter and its permits.</summary>
    public KeyLimiters WithLimits(KeyLimits limits) => new(limits, Concurrency);

    /// <summary>Stops the rate limiters' refill timers (the concurrency limiter lives on in the replacement).</summary>
    public void DisposeRates()
    {
        Requests?.Dispose();
        Tokens?.Dispose();
    }

    public void Dispose()
    {
        Concurrency.Dispose();
        DisposeRates();
    }
}
