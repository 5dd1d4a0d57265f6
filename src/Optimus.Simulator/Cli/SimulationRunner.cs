using System.Diagnostics;
using Optimus.Simulator.Config;
using Optimus.Simulator.Model;
using Optimus.Simulator.Output;

namespace Optimus.Simulator.Cli;

/// <summary>Runs one simulation and writes its CSV, HTML report and effective config.</summary>
public static class SimulationRunner
{
    /// <summary>Runs and writes the outputs to <paramref name="outDirectory"/> (CSV always; the report when asked).</summary>
    /// <returns>The run's performance on this machine.</returns>
    public static RunPerformance Run(SimulationConfig config, RunSettings run, string outDirectory, TextWriter? progress, bool writeReport = true)
    {
        var (summary, performance) = Simulate(config, run, progress, "sim");
        Directory.CreateDirectory(outDirectory);
        CsvReport.Write(summary, outDirectory);
        File.WriteAllText(Path.Combine(outDirectory, "config.json"), ConfigLoader.Serialize(config) + "\n");
        if (writeReport)
        {
            HtmlReport.Write(summary, outDirectory, performance);
        }

        return performance;
    }

    internal static (RunSummary Summary, RunPerformance Performance) Simulate(SimulationConfig config, RunSettings run, TextWriter? progress, string label)
    {
        var bar = progress is null ? null : new ProgressBar(progress, label);
        var watch = Stopwatch.StartNew();
        var simulation = new Simulation(config, run);
        var result = simulation.Run(bar is null ? null : bar.Report);
        watch.Stop();
        bar?.Done();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        return (new RunSummary(result), new RunPerformance(watch.Elapsed.TotalSeconds, peak));
    }
}
