namespace Optimus.Core.Randomness;

/// <summary>
/// Exponential backoff with "full jitter": the delay before retry n is uniform in [0, min(cap, base·2ⁿ)].
/// Jitter keeps a fleet that lost its coordinator from reconnecting in lock-step.
/// </summary>
public static class JitteredBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan cap, IRandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentNullException.ThrowIfNull(random);
        var exponent = Math.Min(attempt, 30);
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * random.NextDouble());
    }
}
