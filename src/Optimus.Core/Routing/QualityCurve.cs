namespace Optimus.Core.Routing;

/// <summary>
/// Quality (share of correct answers) as a function of the share of queries sent to the strong model, when the
/// queries with the highest router scores go first (RouteLLM's evaluation). Point k is the quality with exactly k of
/// the n queries on the strong model.
/// </summary>
/// <remarks>
/// Queries with equal scores are taken as one group in random order, and the curve holds the expectation over that
/// order: a router that cannot tell queries apart gets the random router's straight line, not whatever the input
/// order happens to favour.
/// </remarks>
public sealed class QualityCurve
{
    private readonly double[] _quality;

    private QualityCurve(double[] quality) => _quality = quality;

    /// <summary>Number of queries; the curve has <see cref="Count"/> + 1 points.</summary>
    public int Count => _quality.Length - 1;

    /// <summary>Quality with every query on the weak model.</summary>
    public double WeakQuality => _quality[0];

    /// <summary>Quality with every query on the strong model.</summary>
    public double StrongQuality => _quality[^1];

    /// <summary>Quality with exactly <paramref name="strongCalls"/> queries on the strong model.</summary>
    public double this[int strongCalls] => _quality[strongCalls];

    /// <summary>The curve of a router that sends the highest <paramref name="scores"/> to the strong model first.</summary>
    public static QualityCurve FromScores(IReadOnlyList<double> scores, IReadOnlyList<RoutingOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (scores.Count != outcomes.Count || scores.Count == 0)
        {
            throw new ArgumentException("Scores and outcomes must be non-empty and of equal length.", nameof(scores));
        }

        var n = scores.Count;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        // Index as the tie-breaker keeps the sort deterministic; ties are averaged below anyway.
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is var c && c != 0 ? c : a.CompareTo(b));

        var quality = new double[n + 1];
        var correct = 0.0;
        for (var i = 0; i < n; i++)
        {
            correct += outcomes[i].WeakCorrect ? 1 : 0;
        }

        quality[0] = correct / n;
        var k = 0;
        while (k < n)
        {
            var end = k;
            var groupGain = 0;
            while (end < n && scores[order[end]].Equals(scores[order[k]]))
            {
                groupGain += outcomes[order[end]].Gain;
                end++;
            }

            var perQuery = (double)groupGain / (end - k);
            for (var j = k; j < end; j++)
            {
                correct += perQuery;
                quality[j + 1] = correct / n;
            }

            k = end;
        }

        // Repeated float additions drift; the last point is exactly the strong model's accuracy.
        quality[n] = outcomes.Count(o => o.StrongCorrect) / (double)n;
        return new QualityCurve(quality);
    }

    /// <summary>The random router: every query equally likely to go first, so quality is linear in the share.</summary>
    public static QualityCurve Random(IReadOnlyList<RoutingOutcome> outcomes) =>
        FromScores(new double[outcomes?.Count ?? 0], outcomes!);

    /// <summary>The oracle: knows each query's outcome and routes the ones the strong model gains on first.</summary>
    public static QualityCurve Oracle(IReadOnlyList<RoutingOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return FromScores(outcomes.Select(o => (double)o.Gain).ToArray(), outcomes);
    }

    /// <summary>Quality at a share of strong calls in [0, 1], linear between points.</summary>
    public double QualityAt(double strongShare)
    {
        var position = Math.Clamp(strongShare, 0, 1) * Count;
        var lower = (int)Math.Floor(position);
        if (lower >= Count)
        {
            return StrongQuality;
        }

        var fraction = position - lower;
        return (_quality[lower] * (1 - fraction)) + (_quality[lower + 1] * fraction);
    }
}
