using System.Threading.RateLimiting;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// A key's tokens per minute. A request's tokens are known only when it ends, and a
/// <see cref="TokenBucketRateLimiter"/> cannot go below zero, so the bucket (refilled by the BCL limiter at
/// <c>perMinute</c> a minute up to <c>perMinute</c>) is charged after the request and whatever it could not cover is
/// kept as debt. A request is admitted while there is no debt and the bucket is not empty; it takes nothing on
/// admission. Debt is paid from the refill before anything else, so over any stretch a key uses at most its rate plus
/// what its requests running when the budget ran out used (a rate may overshoot by those; money may not, which is why
/// spend is reserved up front in <see cref="CustomerQuotas"/> instead).
/// </summary>
internal sealed class TokenBudget : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;
    private readonly int _perMinute;
    private readonly Lock _lock = new();
    private long _debt;

    public TokenBudget(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        _perMinute = perMinute;
        _bucket = PerMinute(perMinute);
    }

    /// <summary>Tokens owed beyond what the bucket held when they were charged.</summary>
    public long Debt
    {
        get
        {
            lock (_lock)
            {
                return _debt;
            }
        }
    }

    /// <summary>Whether a request may start now; else how long until the debt is paid and a token is back.</summary>
    public bool TryAdmit(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            PayDebt();
            if (_debt == 0 && _bucket.GetStatistics()?.CurrentAvailablePermits > 0)
            {
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromMinutes((_debt + 1.0) / _perMinute);
            return false;
        }
    }

    /// <summary>Charges a finished request's <paramref name="tokens"/>: from the bucket as far as it holds, the rest as debt.</summary>
    public void Charge(long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        lock (_lock)
        {
            _debt += tokens;
            PayDebt();
        }
    }

    /// <summary>
    /// A bucket of <paramref name="perMinute"/> tokens refilled at <paramref name="perMinute"/> a minute, in steps of at
    /// least 100 ms and one token rather than once a minute, so that it behaves as a continuous bucket: a key that ran
    /// out is back within a second or so of its share.
    /// </summary>
    public static TokenBucketRateLimiter PerMinute(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMinute / perMinute, TimeSpan.TicksPerMillisecond * 100));
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = (int)Math.Max(1, Math.Round((double)perMinute * period.Ticks / TimeSpan.TicksPerMinute)),
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public void Dispose() => _bucket.Dispose();

    // Takes what the bucket holds toward the debt. Only this class acquires from the bucket, under the lock, so the
    // available count read here is still there when acquired.
    private void PayDebt()
    {
        if (_debt == 0)
        {
            return;
        }

        var available = _bucket.GetStatistics()?.CurrentAvailablePermits ?? 0;
        var paid = (int)Math.Min(_debt, available);
        if (paid > 0)
        {
            using var lease = _bucket.AttemptAcquire(paid);
            if (lease.IsAcquired)
            {
                _debt -= paid;
            }
        }
    }
}
