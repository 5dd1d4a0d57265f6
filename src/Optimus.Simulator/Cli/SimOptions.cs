using System.CommandLine;
using Optimus.Simulator.Config;

namespace Optimus.Simulator.Cli;

/// <summary>The options `sim` and `sim sweep` share, and reading them into a config and run settings.</summary>
internal sealed class SimOptions(int defaultVehicles, double defaultDays, string defaultOut)
{
    public Option<int> Vehicles { get; } = new("--vehicles") { Description = "Vehicles in the fleet.", DefaultValueFactory = _ => defaultVehicles };

    public Option<double> Days { get; } = new("--days") { Description = "Simulated days.", DefaultValueFactory = _ => defaultDays };

    public Option<int> Seed { get; } = new("--seed") { Description = "Root seed; the same seed gives byte-identical CSV.", DefaultValueFactory = _ => 1 };

    public Option<string> Out { get; } = new("--out") { Description = "Output folder.", DefaultValueFactory = _ => defaultOut };

    public Option<string?> ConfigFile { get; } = new("--config") { Description = "JSON config overriding any defaults (see --print-config)." };

    public Option<int?> SamplingFactor { get; } = new("--sampling-factor")
    {
        Description = "k: one simulated request stands for k real ones (default: vehicles / 2000, at least 1).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Vehicles);
        command.Options.Add(Days);
        command.Options.Add(Seed);
        command.Options.Add(Out);
        command.Options.Add(ConfigFile);
        command.Options.Add(SamplingFactor);
    }

    /// <summary>Reads and validates; on any problem writes every message to <paramref name="error"/> and returns false.</summary>
    public bool TryRead(ParseResult r, TextWriter error, out SimulationConfig config, out RunSettings run)
    {
        config = SimulationConfig.Default;
        run = RunSettings.Create(r.GetValue(Vehicles), r.GetValue(Days), r.GetValue(Seed), r.GetValue(SamplingFactor));
        try
        {
            if (r.GetValue(ConfigFile) is { } path)
            {
                config = ConfigLoader.Load(path);
            }
        }
        catch (ConfigException e)
        {
            error.WriteLine($"sim: --config: {e.Message}");
            return false;
        }

        if (string.IsNullOrWhiteSpace(r.GetValue(Out)))
        {
            error.WriteLine("sim: --out needs a folder.");
            return false;
        }

        var problems = ConfigValidator.Validate(config, run);
        foreach (var problem in problems)
        {
            error.WriteLine($"sim: {problem}");
        }

        return problems.Count == 0;
    }
}
