using System.Diagnostics;
using System.Globalization;
using Optimus.Simulator.Model;

namespace Optimus.Simulator.Cli;

/// <summary>A one-line progress bar on stderr: simulated time reached, events processed and events per second.</summary>
internal sealed class ProgressBar(TextWriter writer, string label)
{
    private const int Width = 30;
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public void Report(SimulationProgress p)
    {
        var filled = (int)(p.Fraction * Width);
        var seconds = Math.Max(_watch.Elapsed.TotalSeconds, 1e-6);
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] day {Math.Min(p.SimulatedMicros, p.HorizonMicros) / 86_400e6:F2}/{p.HorizonMicros / 86_400e6:F2}  {p.Events / 1e6:F1}M events  {p.Events / seconds / 1e6:F2}M events/s  "));
        writer.Flush();
    }

    public void Done()
    {
        writer.WriteLine();
        writer.Flush();
    }
}
