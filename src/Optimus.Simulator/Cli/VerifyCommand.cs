using System.CommandLine;
using System.Globalization;
using Optimus.Simulator.Verification;

namespace Optimus.Simulator.Cli;

/// <summary>
/// <c>optimus sim verify</c>: Core's result verification over a byzantine fleet (docs/verification.md), and
/// <c>sim verify sweep</c> over the proven replication rate. Bad input exits 2; unwritable outputs exit 1.
/// </summary>
public static class VerifyCommand
{
    /// <summary>The proven replication rates the sweep runs by default.</summary>
    public static readonly IReadOnlyList<double> DefaultSweepRates = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3];

    public static Command Create()
    {
        var options = new VerifyOptions(defaultVehicles: 100_000, defaultOut: "sim-verify");
        var command = new Command("verify", "Run result verification (adaptive replication, canaries, reputation) over a fleet with byzantine vehicles; write CSV and markdown.");
        options.AddTo(command);
        command.Subcommands.Add(CreateSweep());
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var (output, error) = (r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
            if (!options.TryRead(r, error, out var config))
            {
                return Task.FromResult(SimCommand.BadInput);
            }

            var dir = r.GetValue(options.Out)!;
            return Task.FromResult(Guard(error, () =>
            {
                var result = new ByzantineFleetSimulation(config).Run();
                VerificationReport.WriteRun(result, dir);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sim verify: {config.Vehicles:N0} vehicles × {config.JobsPerVehicle:N0} jobs in {result.WallSeconds:F1} s; wrote {Path.GetFullPath(dir)}"));
                output.Write(VerificationReport.Markdown(result));
            }));
        });
        return command;
    }

    private static Command CreateSweep()
    {
        var options = new VerifyOptions(defaultVehicles: 20_000, defaultOut: "sim-verify-sweep");
        var rates = new Option<double[]>("--rates")
        {
            Description = "Proven replication rates to run.",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [.. DefaultSweepRates],
        };
        var command = new Command("sweep", "Run the byzantine evaluation at several proven replication rates; write verify-sweep.csv, .md and .png.");
        options.AddTo(command);
        command.Options.Add(rates);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var (output, error) = (r.InvocationConfiguration.Output, r.InvocationConfiguration.Error);
            if (!options.TryRead(r, error, out var config))
            {
                return Task.FromResult(SimCommand.BadInput);
            }

            var variants = r.GetValue(rates)!.Select(rate => config with { Policy = config.Policy with { ProvenReplicationRate = rate } }).ToList();
            var problems = variants.SelectMany(v => v.Validate()).Distinct().ToList();
            if (problems.Count > 0 || variants.Count == 0)
            {
                error.WriteLine("sim verify sweep: " + (variants.Count == 0 ? "--rates needs at least one rate." : string.Join(" ", problems)));
                return Task.FromResult(SimCommand.BadInput);
            }

            var dir = r.GetValue(options.Out)!;
            return Task.FromResult(Guard(error, () =>
            {
                var results = new ByzantineFleetResult[variants.Count];
                Parallel.For(0, variants.Count, i => results[i] = new ByzantineFleetSimulation(variants[i]).Run());
                VerificationReport.WriteSweep(results, dir);
                output.WriteLine($"sim verify sweep: wrote {Path.GetFullPath(dir)} (verify-sweep.csv, verify-sweep.md, verify-sweep.png)");
                output.Write(File.ReadAllText(Path.Combine(dir, "verify-sweep.md")));
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"sim verify: cannot write the outputs: {e.Message}");
            return SimCommand.Failed;
        }
    }
}
