using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Optimus.Simulator.Cli;
using Optimus.Simulator.Config;
using Optimus.Simulator.Model;

// Usage: dotnet run -c Release --project bench/Optimus.Simulator.Bench -- [days] [vehicles...]
//    or: dotnet run -c Release --project bench/Optimus.Simulator.Bench -- sim [sim options]   (the `optimus sim` command)
// The first form runs the simulation (no report) for each fleet size and prints one CSV line per run; the environment
// variable SIM_BENCH_CONFIG names a JSON config to use instead of the defaults.
if (args.Length > 0 && args[0] == "sim")
{
    return await new RootCommand("Optimus simulator host") { SimCommand.Create() }.Parse(args).InvokeAsync();
}

var days = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 7;
var sizes = args.Length > 1 ? args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000, 1_000_000];
Console.WriteLine("vehicles,days,sampling_factor,wall_s,events,events_per_s,vehicle_days_per_s,evaluations,peak_working_set_mb");
foreach (var n in sizes)
{
    var run = RunSettings.Create(n, days, 42);
    var watch = Stopwatch.StartNew();
    var config = Environment.GetEnvironmentVariable("SIM_BENCH_CONFIG") is { Length: > 0 } path ? ConfigLoader.Load(path) : SimulationConfig.Default;
    var result = new Simulation(config, run).Run();
    watch.Stop();
    var s = watch.Elapsed.TotalSeconds;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{n},{days},{run.SamplingFactor},{s:F2},{result.Events},{result.Events / s:F0},{n * days / s:F0},{result.Evaluations},{peak:F0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"#  interactive {result.Total(Optimus.Simulator.Metrics.Counter.InteractiveArrivals)} edge {result.Total(Optimus.Simulator.Metrics.Counter.EdgeCompleted)} routed {result.Total(Optimus.Simulator.Metrics.Counter.CloudRouted)} spilled {result.Total(Optimus.Simulator.Metrics.Counter.CloudSpilled)} batch {result.Total(Optimus.Simulator.Metrics.Counter.BatchRequests)} batchEdge {result.Total(Optimus.Simulator.Metrics.Counter.BatchEdgeCompleted)} cloudBatch {result.Total(Optimus.Simulator.Metrics.Counter.CloudBatch)} failovers {result.Total(Optimus.Simulator.Metrics.Counter.Failovers)} wait {result.MeanEdgeWaitSeconds:F3}"));
}

return 0;
