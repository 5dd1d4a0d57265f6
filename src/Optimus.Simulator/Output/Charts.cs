using ScottPlot;

namespace Optimus.Simulator.Output;

/// <summary>Small ScottPlot helpers shared by the report's plots: PNG bytes of line charts, bar charts and histograms.</summary>
internal static class Charts
{
    public const int Width = 900;
    public const int Height = 420;

    /// <summary>Lines over simulated hours, the x axis labelled in days.</summary>
    public static byte[] Lines(string title, string yLabel, IReadOnlyList<(string Label, double[] Values)> series, double? yMin = 0)
    {
        var plot = new Plot();
        foreach (var (label, values) in series)
        {
            var xs = Enumerable.Range(0, values.Length).Select(h => h / 24.0).ToArray();
            var ys = values.Select(v => double.IsFinite(v) ? v : double.NaN).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = label;
            line.LineWidth = 2;
        }

        plot.Title(title);
        plot.XLabel("simulated day");
        plot.YLabel(yLabel);
        if (series.Count > 1)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        if (yMin is { } min)
        {
            plot.Axes.AutoScale();
            var limits = plot.Axes.GetLimits();
            plot.Axes.SetLimitsY(min, Math.Max(limits.Top, min + 1e-9));
        }

        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>Vertical bars with a label under each and the value above it.</summary>
    public static byte[] Bars(string title, string yLabel, IReadOnlyList<(string Label, double Value)> bars, string valueFormat)
    {
        var plot = new Plot();
        var list = bars.Select((b, i) => new Bar
        {
            Position = i,
            Value = double.IsFinite(b.Value) ? b.Value : 0,
            Label = double.IsFinite(b.Value) ? b.Value.ToString(valueFormat, System.Globalization.CultureInfo.InvariantCulture) : "n/a",
            FillColor = Colors.Category10[i % 10],
        }).ToList();
        var bar = plot.Add.Bars(list);
        bar.ValueLabelStyle.FontSize = 13;
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), bars.Select(b => b.Label).ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Margins(bottom: 0, top: 0.2);
        plot.Title(title);
        plot.YLabel(yLabel);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>A histogram of <paramref name="values"/> in <paramref name="bins"/> equal bins.</summary>
    public static byte[] Histogram(string title, string xLabel, IReadOnlyList<double> values, int bins)
    {
        var plot = new Plot();
        if (values.Count > 0)
        {
            var max = Math.Max(values.Max(), 1e-9);
            var width = max / bins;
            var counts = new double[bins];
            foreach (var v in values)
            {
                counts[Math.Min(bins - 1, (int)(v / width))]++;
            }

            var list = counts.Select((c, i) => new Bar { Position = (i + 0.5) * width, Value = c, Size = width * 0.95 }).ToList();
            plot.Add.Bars(list);
        }

        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("vehicles in the serving sample");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>A tornado: for each parameter, a bar from the base value to the low and to the high variant's result.</summary>
    public static byte[] Tornado(string title, string xLabel, double baseValue, IReadOnlyList<(string Label, double Low, double High)> rows)
    {
        var plot = new Plot();
        var list = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (_, low, high) = rows[i];
            list.Add(new Bar { Position = i, ValueBase = baseValue, Value = double.IsFinite(low) ? low : baseValue, FillColor = Colors.SteelBlue });
            list.Add(new Bar { Position = i, ValueBase = baseValue, Value = double.IsFinite(high) ? high : baseValue, FillColor = Colors.OrangeRed });
        }

        var bars = plot.Add.Bars(list);
        bars.Horizontal = true;
        plot.Add.VerticalLine(baseValue, 1, Colors.Black);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray(), rows.Select(r => r.Label).ToArray());
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.ShowLegend([new LegendItem { LabelText = "low value", FillColor = Colors.SteelBlue }, new LegendItem { LabelText = "high value", FillColor = Colors.OrangeRed }], Alignment.LowerRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
