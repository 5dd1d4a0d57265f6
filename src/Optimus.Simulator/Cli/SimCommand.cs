using System.CommandLine;
using System.Globalization;
using Optimus.Simulator.Config;
using Optimus.Simulator.Output;

namespace Optimus.Simulator.Cli;

/// <summary>
/// <c>optimus sim</c>: the fleet's digital twin, and <c>optimus sim sweep</c>. Bad input gets a message on stderr and
/// exit code 2; a run that cannot write its outputs, exit code 1.
/// </summary>
public static class SimCommand
{
    public const int BadInput = 2;
    public const int Failed = 1;

    public static Command Create()
    {
        var options = new SimOptions(defaultVehicles: 100_000, defaultDays: 7, defaultOut: "sim-out");
        var printConfig = new Option<bool>("--print-config") { Description = "Print the effective config as JSON (a template for --config) and exit." };
        var noReport = new Option<bool>("--no-report") { Description = "Write the CSV only, not the HTML report and plots." };
        var command = new Command("sim", "Simulate the fleet (availability, workload, placement, energy and money) and write CSV and an HTML report.");
        options.AddTo(command);
        command.Options.Add(printConfig);
        command.Options.Add(noReport);
        command.Subcommands.Add(CreateSweep());
        command.Subcommands.Add(VerifyCommand.Create());
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var error = r.InvocationConfiguration.Error;
            var output = r.InvocationConfiguration.Output;
            if (!options.TryRead(r, error, out var config, out var run))
            {
                return Task.FromResult(BadInput);
            }

            if (r.GetValue(printConfig))
            {
                output.WriteLine(ConfigLoader.Serialize(config));
                return Task.FromResult(0);
            }

            var dir = r.GetValue(options.Out)!;
            return Task.FromResult(Guard(error, () =>
            {
                var performance = SimulationRunner.Run(config, run, dir, error, !r.GetValue(noReport));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sim: {run.Vehicles:N0} vehicles × {run.Days:0.##} days (k = {run.SamplingFactor}) in {performance.WallSeconds:F1} s; wrote {Path.GetFullPath(dir)}"));
                foreach (var line in File.ReadLines(Path.Combine(dir, "summary.csv")).Skip(1))
                {
                    output.WriteLine("  " + line);
                }
            }));
        });
        return command;
    }

    private static Command CreateSweep()
    {
        var options = new SimOptions(defaultVehicles: 20_000, defaultDays: 2, defaultOut: "sim-sweep");
        var metric = new Option<string>("--metric")
        {
            Description = "The summary metric the tornado plot shows.",
            DefaultValueFactory = _ => SweepRunner.DefaultMetric,
        };
        var command = new Command("sweep", "Vary tokens/s per car, memory per die, electricity price and opt-in rate one at a time; write sweep.csv and a tornado plot.");
        options.AddTo(command);
        command.Options.Add(metric);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var error = r.InvocationConfiguration.Error;
            if (!options.TryRead(r, error, out var config, out var run))
            {
                return Task.FromResult(BadInput);
            }

            var dir = r.GetValue(options.Out)!;
            return Task.FromResult(Guard(error, () =>
            {
                SweepRunner.Run(config, run, dir, r.GetValue(metric)!, error);
                r.InvocationConfiguration.Output.WriteLine($"sim sweep: wrote {Path.GetFullPath(dir)} (sweep.csv, tornado.png, sweep.html)");
            }));
        });
        return command;
    }

    private static int Guard(TextWriter error, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (ConfigException e)
        {
            error.WriteLine($"sim: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"sim: cannot write the outputs: {e.Message}");
            return Failed;
        }
    }
}
