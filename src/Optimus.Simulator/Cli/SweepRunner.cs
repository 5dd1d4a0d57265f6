using System.Globalization;
using System.Net;
using System.Text;
using Optimus.Simulator.Config;
using Optimus.Simulator.Output;

namespace Optimus.Simulator.Cli;

/// <summary>Runs the sweep's variants one after another and writes sweep.csv, tornado.png and sweep.html.</summary>
public static class SweepRunner
{
    public const string DefaultMetric = "fleet_cost_per_mtok";

    public static void Run(SimulationConfig baseConfig, RunSettings run, string outDirectory, string metric, TextWriter? progress)
    {
        var variants = SweepPlan.Build(baseConfig);
        var rows = new List<(SweepVariant Variant, IReadOnlyList<SummaryMetric> Metrics)>();
        foreach (var variant in variants)
        {
            var (summary, _) = SimulationRunner.Simulate(variant.Config, run, progress, $"{variant.Parameter} {variant.Side}");
            rows.Add((variant, SummaryTable.Build(summary)));
        }

        var names = rows[0].Metrics.Select(m => m.Name).ToList();
        if (!names.Contains(metric))
        {
            throw new ConfigException($"--metric '{metric}' is not a summary metric; choose one of: {string.Join(", ", names)}.");
        }

        Directory.CreateDirectory(outDirectory);
        var csv = new Csv(["parameter", "side", "setting", .. names]);
        foreach (var (variant, metrics) in rows)
        {
            csv.Add(variant.Parameter).Add(variant.Side).Add(variant.Setting);
            foreach (var m in metrics)
            {
                csv.Add(m.Value, m.Decimals);
            }

            csv.EndRow();
        }

        csv.Write(Path.Combine(outDirectory, "sweep.csv"));
        double Value(int row) => rows[row].Metrics.First(m => m.Name == metric).Value;
        var baseValue = Value(0);
        var tornado = rows.Skip(1).Select((r, i) => (r.Variant.Parameter, i + 1)).GroupBy(p => p.Parameter)
            .Select(g => (Label: g.Key, Low: Value(g.First().Item2), High: Value(g.Last().Item2)))
            .OrderBy(t => Math.Abs(Swing(t.Low, t.High, baseValue))).ToList();
        var png = Charts.Tornado($"Sensitivity of {metric}", Invariant($"{metric} (base {baseValue:0.####})"), baseValue, tornado);
        File.WriteAllBytes(Path.Combine(outDirectory, "tornado.png"), png);
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Sweep</title></head><body style=\"font-family:sans-serif;max-width:960px;margin:2em auto\">");
        html.Append(Invariant($"<h1>Sweep: {WebUtility.HtmlEncode(metric)}</h1><p>{run.Vehicles:N0} vehicles, {run.Days:0.##} days, seed {run.Seed}, sampling factor {run.SamplingFactor}. "))
            .Append("Each bar is one parameter at its low (blue) and high (red) setting, the others at base.</p>")
            .Append("<img alt=\"tornado\" style=\"max-width:100%\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\"><table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\"><tr><th>parameter</th><th>side</th><th>setting</th><th>")
            .Append(WebUtility.HtmlEncode(metric)).Append("</th></tr>");
        for (var i = 0; i < rows.Count; i++)
        {
            var v = rows[i].Variant;
            html.Append(Invariant($"<tr><td>{WebUtility.HtmlEncode(v.Parameter)}</td><td>{v.Side}</td><td>{WebUtility.HtmlEncode(v.Setting)}</td><td>{Csv.Number(Value(i), 4)}</td></tr>"));
        }

        html.Append("</table></body></html>");
        File.WriteAllText(Path.Combine(outDirectory, "sweep.html"), html.ToString(), new UTF8Encoding(false));
    }

    private static double Swing(double low, double high, double baseValue) =>
        (double.IsFinite(low) ? Math.Abs(low - baseValue) : 0) + (double.IsFinite(high) ? Math.Abs(high - baseValue) : 0);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
