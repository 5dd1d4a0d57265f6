using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Each customer key's request limits, partitioned by the key's name (all open <c>--no-auth</c> callers are one
/// partition): tokens per minute, then requests per minute, then the key's concurrency permit, waiting in the key's own
/// queue when it has its share running. A refused lease carries Retry-After and a reason for the 429. Tokens are
/// charged when a request ends (<see cref="ChargeTokens"/>).
/// </summary>
internal sealed class KeyRateLimiter(RateLimitingOptions options) : PartitionedRateLimiter<Caller>
{
    private readonly ConcurrentDictionary<string, KeyLimiters> _partitions = new(StringComparer.Ordinal);

    /// <summary>Requests waiting for a concurrency permit, all keys together.</summary>
    public long Queued => _partitions.Values.Sum(p => p.Queued);

    /// <summary>Requests waiting for a concurrency permit, per key (empty name: the open callers).</summary>
    public IReadOnlyDictionary<string, long> QueuedByKey =>
        _partitions.Where(p => p.Value.Queued > 0).ToDictionary(p => p.Key, p => p.Value.Queued, StringComparer.Ordinal);

    /// <summary>The partition of <paramref name="caller"/>: its key's name, or empty for an open caller.</summary>
    public static string PartitionOf(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.KeyName;
    }

    /// <summary>Charges a finished request's prompt and completion tokens to its key's tokens per minute.</summary>
    public void ChargeTokens(Caller caller, long tokens)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Limits.TokensPerMinute > 0)
        {
            LimitersOf(caller).Tokens?.Charge(tokens);
        }
    }

    public override RateLimiterStatistics? GetStatistics(Caller resource) => LimitersOf(resource).Concurrency.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(Caller resource, int permitCount)
    {
        var limiters = LimitersOf(resource);
        if (RefuseByRate(resource, limiters) is { } refused)
        {
            return refused;
        }

        var lease = limiters.Concurrency.AttemptAcquire(permitCount);
        return lease.IsAcquired ? lease : RefuseByConcurrency(resource, lease);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(Caller resource, int permitCount, CancellationToken cancellationToken)
    {
        var limiters = LimitersOf(resource);
        if (RefuseByRate(resource, limiters) is { } refused)
        {
            return refused;
        }

        var lease = await limiters.Concurrency.AcquireAsync(permitCount, cancellationToken);
        return lease.IsAcquired ? lease : RefuseByConcurrency(resource, lease);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var limiters in _partitions.Values)
            {
                limiters.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    // Tokens per minute first (it takes nothing on admission), then a request from the requests-per-minute bucket: a
    // request refused for its rate does not hold a concurrency permit, and one that waits for a permit has been counted.
    private static RefusedLease? RefuseByRate(Caller caller, KeyLimiters limiters)
    {
        if (limiters.Tokens is { } tokens && !tokens.TryAdmit(out var tokenWait))
        {
            return new RefusedLease(tokenWait, string.Create(CultureInfo.InvariantCulture,
                $"Rate limit reached for key '{caller.KeyName}': {caller.Limits.TokensPerMinute} tokens per minute."));
        }

        if (limiters.Requests is { } requests)
        {
            using var lease = requests.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1.0 / caller.Limits.RequestsPerMinute);
                return new RefusedLease(wait, string.Create(CultureInfo.InvariantCulture,
                    $"Rate limit reached for key '{caller.KeyName}': {caller.Limits.RequestsPerMinute} requests per minute."));
            }
        }

        return null;
    }

    private RefusedLease RefuseByConcurrency(Caller caller, RateLimitLease refused)
    {
        refused.Dispose();
        var who = caller.Key is null ? "open callers" : $"key '{caller.KeyName}'";
        return new RefusedLease(TimeSpan.FromSeconds(1), string.Create(CultureInfo.InvariantCulture,
            $"Too many concurrent requests for {who}: {options.ConcurrentRequestsPerKey} running and {options.QueuedRequestsPerKey} waiting."));
    }

    // A key whose limits were changed gets new rate limiters; its concurrency limiter, with the permits its running
    // requests hold, stays.
    private KeyLimiters LimitersOf(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var limits = caller.Limits;
        var name = PartitionOf(caller);
        while (true)
        {
            if (!_partitions.TryGetValue(name, out var current))
            {
                var made = new KeyLimiters(limits, options);
                if (_partitions.TryAdd(name, made))
                {
                    return made;
                }

                made.Dispose();
                continue;
            }

            if (current.Limits == limits)
            {
                return current;
            }

            var replaced = current.WithLimits(limits);
            if (_partitions.TryUpdate(name, replaced, current))
            {
                // The old buckets are not disposed: requests that read them a moment ago may still acquire from them,
                // and a disposed limiter throws. A key's limits change rarely; the old ones are collected.
                return replaced;
            }

            replaced.DisposeRates();
        }
    }

    /// <summary>A refusal: Retry-After and the reason, for the 429.</summary>
    internal sealed class RefusedLease(TimeSpan retryAfter, string reason) : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name, MetadataName.ReasonPhrase.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : metadataName == MetadataName.ReasonPhrase.Name ? reason
                : null;
            return metadata is not null;
        }
    }
}
