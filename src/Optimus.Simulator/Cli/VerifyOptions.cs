using System.CommandLine;
using Optimus.Simulator.Verification;

namespace Optimus.Simulator.Cli;

/// <summary>The options `sim verify` and `sim verify sweep` share, and reading them into a <see cref="ByzantineFleetConfig"/>.</summary>
internal sealed class VerifyOptions(int defaultVehicles, string defaultOut)
{
    private static readonly ByzantineFleetConfig Defaults = new();

    public Option<int> Vehicles { get; } = new("--vehicles") { Description = "Vehicles in the fleet.", DefaultValueFactory = _ => defaultVehicles };

    public Option<int> JobsPerVehicle { get; } = new("--jobs-per-vehicle") { Description = "Customer jobs per vehicle over the run.", DefaultValueFactory = _ => Defaults.JobsPerVehicle };

    public Option<int> Seed { get; } = new("--seed") { Description = "Root seed; the same seed gives the same figures.", DefaultValueFactory = _ => 1 };

    public Option<string> Out { get; } = new("--out") { Description = "Output folder.", DefaultValueFactory = _ => defaultOut };

    public Option<double> ByzantineShare { get; } = new("--byzantine") { Description = "Share of vehicles that cheat.", DefaultValueFactory = _ => Defaults.ByzantineShare };

    public Option<double> ProvenRate { get; } = new("--proven-rate") { Description = "Replication rate of proven vehicles.", DefaultValueFactory = _ => Defaults.Policy.ProvenReplicationRate };

    public Option<double> CanaryRate { get; } = new("--canary-rate") { Description = "Canaries per customer job.", DefaultValueFactory = _ => Defaults.Policy.CanaryRate };

    public Option<int> ProvenThreshold { get; } = new("--proven-threshold") { Description = "Consecutive valid results that prove a vehicle.", DefaultValueFactory = _ => Defaults.Policy.ProvenThreshold };

    public Option<int> ProbationCanaries { get; } = new("--probation-canaries") { Description = "Canaries that re-admit a quarantined vehicle (0: never).", DefaultValueFactory = _ => Defaults.Policy.ProbationCanaries };

    public Option<bool> NoCollusionPlacement { get; } = new("--no-collusion-placement") { Description = "Colluders get random replicas instead of each other." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Vehicles, JobsPerVehicle, Seed, Out, ByzantineShare, ProvenRate, CanaryRate, ProvenThreshold, ProbationCanaries, NoCollusionPlacement })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads and validates; on any problem writes every message to <paramref name="error"/> and returns false.</summary>
    public bool TryRead(ParseResult r, TextWriter error, out ByzantineFleetConfig config)
    {
        config = Defaults with
        {
            Vehicles = r.GetValue(Vehicles),
            JobsPerVehicle = r.GetValue(JobsPerVehicle),
            Seed = r.GetValue(Seed),
            ByzantineShare = r.GetValue(ByzantineShare),
            CollusionPlacement = !r.GetValue(NoCollusionPlacement),
            Policy = Defaults.Policy with
            {
                ProvenReplicationRate = r.GetValue(ProvenRate),
                CanaryRate = r.GetValue(CanaryRate),
                ProvenThreshold = r.GetValue(ProvenThreshold),
                ProbationCanaries = r.GetValue(ProbationCanaries),
            },
        };
        var problems = config.Validate().ToList();
        if (string.IsNullOrWhiteSpace(r.GetValue(Out)))
        {
            problems.Add("--out needs a folder.");
        }

        foreach (var problem in problems)
        {
            error.WriteLine($"sim verify: {problem}");
        }

        return problems.Count == 0;
    }
}
