using ScottPlot;

namespace Optimus.Routing.Evaluation;

/// <summary>Draws a data set's quality-versus-cloud-share curves (learned, baselines, random, oracle) as a PNG.</summary>
public static class QualityPlot
{
    private const int Width = 900;
    private const int Height = 600;
    private const int PointsPerCurve = 200;

    /// <summary>Writes <c>router-SET.png</c> into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(DataSetEvaluation evaluation, string directory)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        Directory.CreateDirectory(directory);
        var plot = new Plot();
        foreach (var router in evaluation.All)
        {
            // A few hundred points draw the curve faithfully; MMLU has 14,000 rows.
            var xs = Enumerable.Range(0, PointsPerCurve + 1).Select(i => (double)i / PointsPerCurve).ToArray();
            var ys = xs.Select(router.Curve.QualityAt).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = $"{router.Name} (APGR {router.Scorecard.Apgr:F3})";
            line.LineWidth = router == evaluation.Learned ? 3 : 1.5f;
            if (router.Key == "random")
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }

        var weak = plot.Add.HorizontalLine(evaluation.Learned.Curve.WeakQuality);
        weak.LegendText = "weak model alone";
        weak.LinePattern = LinePattern.Dotted;
        var strong = plot.Add.HorizontalLine(evaluation.Learned.Curve.StrongQuality);
        strong.LegendText = "strong model alone";
        strong.LinePattern = LinePattern.Dotted;

        plot.Title($"{evaluation.DataSet}: quality vs share of cloud calls ({evaluation.Learned.Scorecard.Rows:N0} held-out rows)");
        plot.XLabel("share of queries sent to the cloud (strong) model");
        plot.YLabel("accuracy");
        plot.Axes.SetLimitsX(0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        var path = Path.Combine(directory, $"router-{evaluation.DataSet}.png");
        plot.SavePng(path, Width, Height);
        return path;
    }
}
