using Optimus.Core.Randomness;
using Optimus.Core.Routing;

namespace Optimus.Routing.Tests.Core;

public sealed class RouterMetricsTests
{
    // Weak right on 2 of 4, strong right on 3 of 4: the strong model gains on row 0 and 1, loses on row 2.
    private static readonly RoutingOutcome[] Outcomes =
    [
        new(WeakCorrect: false, StrongCorrect: true),
        new(WeakCorrect: false, StrongCorrect: true),
        new(WeakCorrect: true, StrongCorrect: false),
        new(WeakCorrect: true, StrongCorrect: true),
    ];

    [Fact]
    public void FromScores_HandMadeScores_GivesQualityPerStrongCall()
    {
        var curve = QualityCurve.FromScores([0.9, 0.1, 0.5, 0.3], Outcomes);

        // Order: row 0 (+1), row 2 (-1), row 3 (0), row 1 (+1).
        Assert.Equal([0.5, 0.75, 0.5, 0.5, 0.75], Enumerable.Range(0, 5).Select(k => curve[k]));
        // PGR = (q − 0.5) / 0.25: 0, 1, 0, 0, 1; trapezoids 0.5 + 0.5 + 0 + 0.5 over 4.
        Assert.Equal(0.375, RouterMetrics.Apgr(curve), 12);
        Assert.Equal(0.25, RouterMetrics.Cpt(curve, 0.5));
    }

    [Fact]
    public void Random_AnyOutcomes_ScoresHalfAndCptEqualsFraction()
    {
        var outcomes = RandomOutcomes(new SeededRandom(7), 1000);
        var curve = QualityCurve.Random(outcomes);

        Assert.Equal(0.5, RouterMetrics.Apgr(curve), 9);
        Assert.Equal(0.5, RouterMetrics.Cpt(curve, 0.5), 2);
        Assert.Equal(0.8, RouterMetrics.Cpt(curve, 0.8), 2);
    }

    [Fact]
    public void FromScores_RandomScores_ApgrNearHalf()
    {
        const int Seed = 11;
        var random = new SeededRandom(Seed);
        var outcomes = RandomOutcomes(random, 5000);
        var scores = outcomes.Select(_ => random.NextDouble()).ToArray();

        var apgr = RouterMetrics.Apgr(QualityCurve.FromScores(scores, outcomes));

        Assert.True(Math.Abs(apgr - 0.5) < 0.05, $"random-score APGR {apgr} (seed {Seed})");
    }

    [Fact]
    public void Oracle_HandMadeOutcomes_RoutesGainsFirst()
    {
        var curve = QualityCurve.Oracle(Outcomes);

        Assert.Equal([0.5, 0.75, 1.0, 1.0, 0.75], Enumerable.Range(0, 5).Select(k => curve[k]));
        Assert.Equal(0.25, RouterMetrics.Cpt(curve, 0.5));
        Assert.Equal(0.25, RouterMetrics.Cpt(curve, 0.8));
        // PGR 0, 1, 2, 2, 1: the oracle beats the strong model alone, so its APGR exceeds 1.
        Assert.Equal(1.375, RouterMetrics.Apgr(curve), 12);
    }

    [Fact]
    public void FromScores_TiedScores_AveragesOverTheTie()
    {
        var curve = QualityCurve.FromScores([1, 1, 1, 1], Outcomes);

        Assert.Equal(0.5, RouterMetrics.Apgr(curve), 12);
        Assert.Equal(curve.WeakQuality + ((curve.StrongQuality - curve.WeakQuality) / 2), curve[2], 12);
    }

    [Fact]
    public void Apgr_PerfectRanking_BeatsReversedRanking()
    {
        var outcomes = RandomOutcomes(new SeededRandom(3), 500);
        var gains = outcomes.Select(o => (double)o.Gain).ToArray();

        var best = RouterMetrics.Apgr(QualityCurve.FromScores(gains, outcomes));
        var worst = RouterMetrics.Apgr(QualityCurve.FromScores(gains.Select(g => -g).ToArray(), outcomes));

        Assert.True(best > 0.5 && worst < 0.5, $"best {best}, worst {worst}");
    }

    private static RoutingOutcome[] RandomOutcomes(SeededRandom random, int count) =>
        Enumerable.Range(0, count)
            .Select(_ => new RoutingOutcome(random.NextDouble() < 0.65, random.NextDouble() < 0.85))
            .ToArray();
}
