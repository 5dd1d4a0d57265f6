using System.Globalization;
using System.Text;
using Optimus.Simulator.Output;
using ScottPlot;

namespace Optimus.Simulator.Verification;

/// <summary>
/// Writes a byzantine evaluation: verify-summary.csv (metric, value), verify-kinds.csv, verify.md; and a sweep's
/// verify-sweep.csv, verify-sweep.md and verify-sweep.png. Numbers are culture-invariant with fixed decimals, and
/// depend on the config and seed alone (wall time goes to stdout only).
/// </summary>
internal static class VerificationReport
{
    private static readonly string[] KindHeader =
        ["kind", "vehicles", "quarantined", "wrong_accepted", "mean_executions_to_quarantine", "p99_executions_to_quarantine", "mean_jobs_per_vehicle_at_quarantine"];

    /// <summary>The headline figures of a run, in order: name, value, decimals.</summary>
    public static IReadOnlyList<(string Name, double Value, int Decimals)> Metrics(ByzantineFleetResult r) =>
    [
        ("vehicles", r.Config.Vehicles, 0),
        ("byzantine_share", r.Config.ByzantineShare, 3),
        ("jobs_per_vehicle", r.Config.JobsPerVehicle, 0),
        ("proven_replication_rate", r.Config.Policy.ProvenReplicationRate, 3),
        ("canary_rate", r.Config.Policy.CanaryRate, 3),
        ("proven_threshold", r.Config.Policy.ProvenThreshold, 0),
        ("jobs", r.Jobs, 0),
        ("accepted", r.Accepted, 0),
        ("wrong_accepted", r.WrongAccepted, 0),
        ("wrong_accepted_share", r.WrongAcceptedShare, 7),
        ("wrong_flagged_later", r.WrongFlaggedLater, 0),
        ("wrong_never_flagged_share", r.WrongNeverFlaggedShare, 7),
        ("suspect_results_flagged", r.SuspectResults, 0),
        ("executions", r.Executions, 0),
        ("primaries", r.Primaries, 0),
        ("replicas", r.Replicas, 0),
        ("tie_breakers", r.TieBreakers, 0),
        ("canaries", r.Canaries, 0),
        ("retries", r.Retries, 0),
        ("unpaid_attempts", r.UnpaidAttempts, 0),
        ("unverifiable", r.Unverifiable, 0),
        ("undelivered", r.Undelivered, 0),
        ("job_overhead", r.JobOverhead, 4),
        ("device_seconds_overhead", r.DeviceSecondsOverhead, 4),
        ("extra_device_seconds_per_accepted", r.ExtraDeviceSecondsPerAccepted, 3),
        ("honest_quarantined", r.HonestQuarantined, 0),
    ];

    public static void WriteRun(ByzantineFleetResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var summary = new Csv("metric", "value");
        foreach (var (name, value, decimals) in Metrics(result))
        {
            summary.Add(name).Add(value, decimals);
            summary.EndRow();
        }

        summary.Write(Path.Combine(directory, "verify-summary.csv"));
        var kinds = new Csv(KindHeader);
        foreach (var row in KindRows(result))
        {
            foreach (var cell in row)
            {
                kinds.Add(cell);
            }

            kinds.EndRow();
        }

        kinds.Write(Path.Combine(directory, "verify-kinds.csv"));
        File.WriteAllText(Path.Combine(directory, "verify.md"), Markdown(result), new UTF8Encoding(false));
    }

    /// <summary>The run as two markdown tables: the headline figures and the outcome per kind of vehicle.</summary>
    public static string Markdown(ByzantineFleetResult result)
    {
        var text = new StringBuilder("| metric | value |\n|---|---|\n");
        foreach (var (name, value, decimals) in Metrics(result))
        {
            text.Append("| ").Append(name).Append(" | ").Append(Csv.Number(value, decimals)).Append(" |\n");
        }

        text.Append('\n');
        AppendTable(text, KindHeader, KindRows(result));
        return text.ToString();
    }

    public static void WriteSweep(IReadOnlyList<ByzantineFleetResult> results, string directory)
    {
        Directory.CreateDirectory(directory);
        var names = Metrics(results[0]).Select(m => m.Name).ToArray();
        var csv = new Csv(names);
        var rows = new List<string[]>();
        foreach (var r in results)
        {
            var cells = Metrics(r).Select(m => Csv.Number(m.Value, m.Decimals)).ToArray();
            rows.Add(cells);
            foreach (var cell in cells)
            {
                csv.Add(cell);
            }

            csv.EndRow();
        }

        csv.Write(Path.Combine(directory, "verify-sweep.csv"));
        var text = new StringBuilder();
        AppendTable(text, names, rows);
        File.WriteAllText(Path.Combine(directory, "verify-sweep.md"), text.ToString(), new UTF8Encoding(false));
        File.WriteAllBytes(Path.Combine(directory, "verify-sweep.png"), SweepPlot(results));
    }

    private static byte[] SweepPlot(IReadOnlyList<ByzantineFleetResult> results)
    {
        var plot = new Plot();
        var rates = results.Select(r => r.Config.Policy.ProvenReplicationRate).ToArray();
        var wrong = plot.Add.Scatter(rates, results.Select(r => r.WrongAcceptedShare * 1e6).ToArray());
        wrong.LegendText = "wrong accepted per million accepted (left)";
        wrong.LineWidth = 2;
        var bound = plot.Add.HorizontalLine(1_000, 1, wrong.Color, LinePattern.Dashed);
        bound.LegendText = "bound: 1,000 per million";
        var overhead = plot.Add.Scatter(rates, results.Select(r => r.DeviceSecondsOverhead).ToArray());
        overhead.LegendText = "device-seconds per accepted device-second (right)";
        overhead.LineWidth = 2;
        overhead.Axes.YAxis = plot.Axes.Right;
        var limit = plot.Add.HorizontalLine(1.25, 1, overhead.Color, LinePattern.Dotted);
        limit.Axes.YAxis = plot.Axes.Right;
        limit.LegendText = "bound: 1.25×";
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Wrong accepted vs work: {results[0].Config.Vehicles:N0} vehicles, {results[0].Config.ByzantineShare:P0} byzantine, canaries {results[0].Config.Policy.CanaryRate}"));
        plot.XLabel("replication rate of proven vehicles");
        plot.Axes.Left.Label.Text = "wrong accepted per million";
        plot.Axes.Right.Label.Text = "overhead (×)";
        plot.ShowLegend(Alignment.UpperCenter);
        return plot.GetImageBytes(Charts.Width, Charts.Height, ImageFormat.Png);
    }

    private static List<string[]> KindRows(ByzantineFleetResult result) =>
    [
        .. result.Kinds.Select(k => new[]
        {
            k.Kind.ToString(), k.Vehicles.ToString(CultureInfo.InvariantCulture), k.Quarantined.ToString(CultureInfo.InvariantCulture),
            k.WrongAccepted.ToString(CultureInfo.InvariantCulture), Csv.Number(k.MeanExecutionsToQuarantine, 1),
            Csv.Number(k.P99ExecutionsToQuarantine, 0), Csv.Number(k.MeanJobsPerVehicleAtQuarantine, 1),
        }),
    ];

    private static void AppendTable(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        text.Append("| ").AppendJoin(" | ", header).Append(" |\n|").Append(string.Concat(Enumerable.Repeat("---|", header.Length))).Append('\n');
        foreach (var row in rows)
        {
            text.Append("| ").AppendJoin(" | ", row).Append(" |\n");
        }
    }
}
