using Optimus.Core.Verification;

namespace Optimus.Simulator.Verification;

/// <summary>
/// The byzantine evaluation of result verification: a fleet in which <see cref="ByzantineShare"/> of the vehicles cheat
/// in several ways, every vehicle serving <see cref="JobsPerVehicle"/> jobs on average, under Core's
/// <see cref="VerificationPolicy"/>. The defaults are the run recorded in docs/verification.md.
/// </summary>
public sealed record ByzantineFleetConfig
{
    public int Vehicles { get; init; } = 100_000;

    /// <summary>Customer jobs per vehicle over the run (3,000: one day of the simulator's default demand).</summary>
    public int JobsPerVehicle { get; init; } = 3_000;

    public int Seed { get; init; } = 1;

    public VerificationPolicy Policy { get; init; } = VerificationPolicy.Default;

    /// <summary>Share of vehicles that cheat.</summary>
    public double ByzantineShare { get; init; } = 0.20;

    /// <summary>Of the cheaters: always wrong, wrong with a probability, sleepers, colluders (normalised).</summary>
    public double AlwaysWrongShare { get; init; } = 0.30;

    public double ProbabilisticShare { get; init; } = 0.20;

    public double SleeperShare { get; init; } = 0.25;

    public double ColluderShare { get; init; } = 0.25;

    /// <summary>A probabilistic cheater's error probability is uniform in [min, max].</summary>
    public double WrongProbabilityMin { get; init; } = 0.01;

    public double WrongProbabilityMax { get; init; } = 0.30;

    /// <summary>Colluding groups have a uniform size in [min, max] and all sit in one pool.</summary>
    public int GroupSizeMin { get; init; } = 5;

    public int GroupSizeMax { get; init; } = 50;

    /// <summary>Share of groups whose members are enrolled under one (fake) owner; the others use a sybil owner each.</summary>
    public double SharedOwnerGroupShare { get; init; } = 0.5;

    /// <summary>Share of groups that sleep until proven; the others are always wrong.</summary>
    public double SleepingGroupShare { get; init; } = 0.5;

    /// <summary>
    /// Whether a colluder's replica is a member of its group whenever Core's rules allow one: the worst case of an
    /// adversary who games placement (say, by being the only idle vehicles of a rare pool at the time). Tie-breakers
    /// stay Core's random choice.
    /// </summary>
    public bool CollusionPlacement { get; init; } = true;

    /// <summary>Vehicles per honest owner (consecutive vehicles share an owner); a replica never shares an owner.</summary>
    public int VehiclesPerOwner { get; init; } = 2;

    /// <summary>Device-seconds of a job: log-normal (median 10 s ≈ 250 tokens at 25.7 tok/s per stream, σ 0.8).</summary>
    public double JobSecondsMedian { get; init; } = 10;

    public double JobSecondsSigma { get; init; } = 0.8;

    public IReadOnlyList<VerificationPool> Pools { get; init; } =
    [
        new("ai4-8gb", "llama-3.1-8b-q4_k_m@b4570", 0.75),
        new("ai4-16gb", "llama-3.1-8b-q4_k_m@b4570", 0.20),
        new("ai5", "llama-3.1-8b-q4_k_m@b4570", 0.05),
    ];

    /// <summary>Every problem with this config; empty when it can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(Policy.Validate());
        if (Vehicles is < 10 or > 10_000_000)
        {
            problems.Add($"--vehicles must be 10 to 10,000,000; got {Vehicles}.");
        }

        if (JobsPerVehicle < 1 || (long)JobsPerVehicle * Vehicles > 4_000_000_000L)
        {
            problems.Add($"--jobs-per-vehicle must be at least 1 and vehicles × jobs at most 4 billion; got {JobsPerVehicle}.");
        }

        foreach (var (name, value) in new[]
                 {
                     (nameof(ByzantineShare), ByzantineShare), (nameof(AlwaysWrongShare), AlwaysWrongShare), (nameof(ProbabilisticShare), ProbabilisticShare),
                     (nameof(SleeperShare), SleeperShare), (nameof(ColluderShare), ColluderShare), (nameof(WrongProbabilityMin), WrongProbabilityMin),
                     (nameof(WrongProbabilityMax), WrongProbabilityMax), (nameof(SharedOwnerGroupShare), SharedOwnerGroupShare), (nameof(SleepingGroupShare), SleepingGroupShare),
                 })
        {
            if (!(value is >= 0 and <= 1))
            {
                problems.Add($"{name} must be between 0 and 1; got {value}.");
            }
        }

        if (AlwaysWrongShare + ProbabilisticShare + SleeperShare + ColluderShare <= 0)
        {
            problems.Add("The cheater shares must not all be 0.");
        }

        if (GroupSizeMin < 2 || GroupSizeMax < GroupSizeMin || VehiclesPerOwner < 1 || JobSecondsMedian <= 0 || JobSecondsSigma < 0 || WrongProbabilityMax < WrongProbabilityMin)
        {
            problems.Add("Group sizes need 2 ≤ min ≤ max, vehicles per owner ≥ 1, job seconds a positive median, and the wrong probability min ≤ max.");
        }

        if (Pools.Count == 0 || Pools.Any(p => !(p.Share > 0)))
        {
            problems.Add("Pools need at least one pool, each with a positive share.");
        }

        return problems;
    }
}
