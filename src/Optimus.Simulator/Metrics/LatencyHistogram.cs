namespace Optimus.Simulator.Metrics;

/// <summary>
/// Log-spaced latency buckets: 50 per decade from 1 ms to 1,000 s (4.7% resolution), so percentiles of millions of
/// requests cost a few hundred integers per hour and merge by addition.
/// </summary>
internal static class LatencyHistogram
{
    public const int PerDecade = 50;
    public const int Buckets = (6 * PerDecade) + 1;

    public static int Bucket(double milliseconds) =>
        milliseconds <= 1 ? 0 : Math.Min(Buckets - 1, (int)(Math.Log10(milliseconds) * PerDecade));

    /// <summary>The bucket's geometric midpoint, in milliseconds.</summary>
    public static double Value(int bucket) => Math.Pow(10, (bucket + 0.5) / PerDecade);

    /// <summary>The <paramref name="quantile"/> (0–1) of the counts, in milliseconds; NaN when empty.</summary>
    public static double Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (var b = 0; b < counts.Length; b++)
        {
            seen += counts[b];
            if (seen >= rank)
            {
                return Value(b);
            }
        }

        return Value(counts.Length - 1);
    }
}
