using System.Globalization;
using System.Net;
using System.Text;
using Optimus.Simulator.Config;

namespace Optimus.Simulator.Output;

/// <summary>
/// The self-contained HTML report: the headline table, every plot as an embedded PNG (also written beside it), the
/// run's performance and the full effective config. Wall-clock figures appear here only, never in the CSV.
/// </summary>
internal static class HtmlReport
{
    public static void Write(RunSummary summary, string directory, RunPerformance performance)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(performance);
        var r = summary.Result;
        var plots = ReportPlots.Render(summary);
        var plotDir = Path.Combine(directory, "plots");
        Directory.CreateDirectory(plotDir);
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Digital Optimus fleet simulation</title><style>")
            .Append("body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}td.n{text-align:right}img{max-width:100%}")
            .Append("pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}</style></head><body>");
        html.Append(Invariant($"<h1>Digital Optimus: fleet simulation</h1><p>{r.Vehicles:N0} vehicles, {r.Days:0.##} simulated days from {r.Config.Start:yyyy-MM-dd HH:mm} UTC, seed {r.Run.Seed}. "))
            .Append(Invariant($"<b>Sampling factor k = {r.SamplingFactor}</b>: one simulated request stands for {r.SamplingFactor} real ones and one vehicle in {r.SamplingFactor} "))
            .Append(Invariant($"({r.Servers.Count:N0} vehicles) serves them, so the load per serving vehicle equals the full fleet's; every vehicle's availability is simulated. "))
            .Append("Request, token, energy and money figures are scaled by k.</p>");
        if (r.UnknownTimeZones.Count > 0)
        {
            html.Append("<p><b>Warning:</b> unknown time zones ran on UTC: ").Append(WebUtility.HtmlEncode(string.Join(", ", r.UnknownTimeZones))).Append("</p>");
        }

        html.Append(Invariant($"<p>Run: {performance.WallSeconds:F1} s wall, {r.Events:N0} events ({r.Events / Math.Max(performance.WallSeconds, 1e-9):N0} events/s), "))
            .Append(Invariant($"{r.Vehicles * r.Days / Math.Max(performance.WallSeconds, 1e-9):N0} vehicle-days/s, {r.Evaluations:N0} Core availability evaluations, peak working set {performance.PeakWorkingSetMiB:N0} MiB.</p>"));
        html.Append("<h2>Summary</h2><table><tr><th>metric</th><th>value</th><th>unit</th></tr>");
        foreach (var m in SummaryTable.Build(summary))
        {
            html.Append("<tr><td>").Append(m.Name).Append("</td><td class=\"n\">").Append(Csv.Number(m.Value, m.Decimals))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(m.Unit)).Append("</td></tr>");
        }

        html.Append("</table>");
        foreach (var (name, caption, png) in plots)
        {
            File.WriteAllBytes(Path.Combine(plotDir, name + ".png"), png);
            html.Append("<h2>").Append(WebUtility.HtmlEncode(name.Replace('_', ' '))).Append("</h2><p>").Append(WebUtility.HtmlEncode(caption))
                .Append("</p><img alt=\"").Append(name).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">");
        }

        html.Append("<h2>Effective config</h2><pre>").Append(WebUtility.HtmlEncode(ConfigLoader.Serialize(r.Config))).Append("</pre></body></html>");
        File.WriteAllText(Path.Combine(directory, "report.html"), html.ToString(), new UTF8Encoding(false));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
