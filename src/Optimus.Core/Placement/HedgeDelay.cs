namespace Optimus.Core.Placement;

/// <summary>
/// When to hedge: if a job's first token has not arrived by the recent p95 time to first token, a second vehicle starts
/// it too and the first to answer wins ("The Tail at Scale", Dean and Barroso). Only the slowest ~5% of requests are
/// duplicated, so the extra load stays near 5%. Until enough samples exist, <paramref name="initial"/> is used.
/// Not thread-safe: callers serialise access.
/// </summary>
public sealed class HedgeDelay(TimeSpan initial, TimeSpan floor, int window = 256, int minimumSamples = 20)
{
    private readonly double[] _samples = new double[window];
    private int _count;
    private int _next;

    public TimeSpan Current
    {
        get
        {
            if (_count < minimumSamples)
            {
                return initial;
            }

            var sorted = _samples.AsSpan(0, _count).ToArray();
            Array.Sort(sorted);
            var p95 = sorted[(int)Math.Ceiling(0.95 * _count) - 1];
            return TimeSpan.FromMilliseconds(Math.Max(p95, floor.TotalMilliseconds));
        }
    }

    public void Record(TimeSpan timeToFirstToken)
    {
        _samples[_next] = timeToFirstToken.TotalMilliseconds;
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
    }
}
