namespace Optimus.Core.Routing;

/// <summary>
/// RouteLLM's router metrics over a <see cref="QualityCurve"/>: APGR and CPT(x%). PGR (performance gap recovered)
/// at a share p is (quality(p) − weak) / (strong − weak); it may exceed 1, as the oracle's does, and is not clipped.
/// </summary>
public static class RouterMetrics
{
    /// <summary>Performance gap recovered with <paramref name="strongCalls"/> queries on the strong model.</summary>
    public static double Pgr(QualityCurve curve, int strongCalls)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var gap = curve.StrongQuality - curve.WeakQuality;
        return gap == 0 ? 0 : (curve[strongCalls] - curve.WeakQuality) / gap;
    }

    /// <summary>Average PGR over strong-call shares from 0 to 1 (trapezoid rule over every point): random is 0.5.</summary>
    public static double Apgr(QualityCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var n = curve.Count;
        var area = 0.0;
        for (var k = 0; k < n; k++)
        {
            area += (Pgr(curve, k) + Pgr(curve, k + 1)) / 2;
        }

        return area / n;
    }

    /// <summary>
    /// Call-performance threshold: the smallest share of strong calls whose PGR reaches <paramref name="gapFraction"/>
    /// (0.5 for CPT(50%)). The random router's CPT(x) is x.
    /// </summary>
    public static double Cpt(QualityCurve curve, double gapFraction)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentOutOfRangeException.ThrowIfNegative(gapFraction);
        const double Slack = 1e-9;
        for (var k = 0; k <= curve.Count; k++)
        {
            if (Pgr(curve, k) >= gapFraction - Slack)
            {
                return (double)k / curve.Count;
            }
        }

        return 1;
    }

    /// <summary>APGR, CPT(50%) and CPT(80%) of a curve.</summary>
    public static RouterScorecard Score(QualityCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        return new RouterScorecard(Apgr(curve), Cpt(curve, 0.5), Cpt(curve, 0.8), curve.WeakQuality, curve.StrongQuality, curve.Count);
    }
}
