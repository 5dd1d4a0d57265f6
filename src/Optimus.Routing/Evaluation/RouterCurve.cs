using Optimus.Core.Routing;

namespace Optimus.Routing.Evaluation;

/// <summary>One router's quality curve on an evaluation set and its figures.</summary>
/// <param name="Key">Short identifier for JSON: <c>learned</c>, <c>learned_prompt</c>, <c>simple</c>, <c>random</c>, <c>oracle</c>.</param>
/// <param name="Name">What routed, in words: "learned, after generation", "simple: subject base rate", ...</param>
/// <param name="Curve">Quality against the share of strong calls.</param>
/// <param name="Scorecard">APGR, CPT(50%) and CPT(80%) of the curve.</param>
public sealed record RouterCurve(string Key, string Name, QualityCurve Curve, RouterScorecard Scorecard)
{
    /// <summary>The curve of routing by <paramref name="scores"/> (highest first).</summary>
    public static RouterCurve FromScores(string key, string name, IReadOnlyList<double> scores, IReadOnlyList<RoutingOutcome> outcomes) =>
        FromCurve(key, name, QualityCurve.FromScores(scores, outcomes));

    /// <summary>Wraps a computed curve with its scorecard.</summary>
    public static RouterCurve FromCurve(string key, string name, QualityCurve curve) => new(key, name, curve, RouterMetrics.Score(curve));
}
