namespace Optimus.Core.Routing;

/// <summary>
/// Turns a target share of cloud calls into a score threshold, the way RouteLLM calibrates: take the router's scores
/// on a calibration set and put the threshold at the matching quantile. A query goes to the cloud when its score is at
/// least the threshold, so the expected cloud share on queries like the calibration set is the target.
/// </summary>
public static class ThresholdCalibration
{
    /// <summary>The threshold that sends <paramref name="cloudShare"/> of <paramref name="calibrationScores"/> to the cloud.</summary>
    public static double ThresholdFor(IReadOnlyList<double> calibrationScores, double cloudShare)
    {
        ArgumentNullException.ThrowIfNull(calibrationScores);
        if (calibrationScores.Count == 0)
        {
            throw new ArgumentException("Calibration needs at least one score.", nameof(calibrationScores));
        }

        if (cloudShare is < 0 or > 1 || double.IsNaN(cloudShare))
        {
            throw new ArgumentOutOfRangeException(nameof(cloudShare), cloudShare, "The cloud share must lie in [0, 1].");
        }

        var sorted = calibrationScores.ToArray();
        Array.Sort(sorted);
        Array.Reverse(sorted);
        var n = sorted.Length;
        var k = (int)Math.Round(cloudShare * n, MidpointRounding.ToEven);
        if (k == 0)
        {
            return Math.BitIncrement(sorted[0]);
        }

        if (k == n)
        {
            return sorted[^1];
        }

        if (sorted[k - 1] > sorted[k])
        {
            // Midway between the last score sent to the cloud and the first kept: new queries fall either side evenly.
            return sorted[k] + ((sorted[k - 1] - sorted[k]) / 2);
        }

        // The quantile falls inside a run of equal scores: take the whole run or none of it, whichever is nearer.
        var tied = sorted[k];
        var first = Array.FindIndex(sorted, s => s == tied);
        var last = Array.FindLastIndex(sorted, s => s == tied);
        var includeShare = (last + 1.0) / n;
        var excludeShare = (double)first / n;
        return Math.Abs(includeShare - cloudShare) <= Math.Abs(excludeShare - cloudShare)
            ? tied
            : Math.BitIncrement(tied);
    }

    /// <summary>The share of <paramref name="scores"/> that <paramref name="threshold"/> sends to the cloud.</summary>
    public static double CloudShare(IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.Count == 0 ? 0 : scores.Count(s => s >= threshold) / (double)scores.Count;
    }
}
