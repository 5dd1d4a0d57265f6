namespace Optimus.Gateway.Accounts;

/// <summary>
/// A token bucket refilled continuously at <c>perMinute</c> a minute up to <c>perMinute</c>. Spending may take it below
/// zero (tokens are known only after a request ends); while it is not positive nothing more is admitted. Not
/// thread-safe: callers hold their key's lock.
/// </summary>
internal struct RateBucket(int perMinute, long nowTicks)
{
    private double _level = perMinute;
    private long _lastTicks = nowTicks;

    public readonly bool Unlimited => perMinute <= 0;

    /// <summary>Takes <paramref name="amount"/> if the bucket holds at least that; else how long until it will.</summary>
    public bool TryTake(double amount, long nowTicks, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (Unlimited)
        {
            return true;
        }

        Refill(nowTicks);
        if (_level >= amount)
        {
            _level -= amount;
            return true;
        }

        wait = TimeSpan.FromMinutes((amount - _level) / perMinute);
        return false;
    }

    /// <summary>Spends <paramref name="amount"/> unconditionally (may go negative).</summary>
    public void Spend(double amount, long nowTicks)
    {
        if (!Unlimited)
        {
            Refill(nowTicks);
            _level -= amount;
        }
    }

    private void Refill(long nowTicks)
    {
        var minutes = TimeSpan.FromTicks(nowTicks - _lastTicks).TotalMinutes;
        _lastTicks = nowTicks;
        _level = Math.Min(perMinute, _level + (minutes * perMinute));
    }
}
