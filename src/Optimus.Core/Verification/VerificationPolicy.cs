using Optimus.Core.Randomness;

namespace Optimus.Core.Verification;

/// <summary>
/// BOINC-style adaptive replication: how often a vehicle's result is run again on a second vehicle (of the same hardware
/// class and model build, another owner) and compared exactly, and how often a canary (a prompt with a known output,
/// indistinguishable from traffic) is mixed in. Unproven vehicles are always replicated and must pass
/// <see cref="AdmissionCanaries"/> canaries; proven ones are replicated at <see cref="ProvenReplicationRate"/>.
/// The parameters and the bound they give (wrong results accepted ≤ 1e-3 at ≤ 1.25× the work) are derived in
/// docs/verification.md. Decisions draw from the injected <see cref="IRandomSource"/> only, one draw per decision.
/// </summary>
public sealed record VerificationPolicy
{
    /// <summary>The parameters measured in docs/verification.md.</summary>
    public static VerificationPolicy Default { get; } = new();

    /// <summary>Share of an unproven vehicle's results that are replicated (1: all of them).</summary>
    public double UnprovenReplicationRate { get; init; } = 1.0;

    /// <summary>Share of a proven vehicle's results that are replicated.</summary>
    public double ProvenReplicationRate { get; init; } = 0.10;

    /// <summary>Canaries sent per customer job placed on an admitted vehicle.</summary>
    public double CanaryRate { get; init; } = 0.03;

    /// <summary>Consecutive valid results (verified or canaries) that make a vehicle proven.</summary>
    public int ProvenThreshold { get; init; } = 10;

    /// <summary>Canaries a vehicle must pass before it is proven; the first goes with its first job.</summary>
    public int AdmissionCanaries { get; init; } = 1;

    /// <summary>Consecutive canaries that re-admit a quarantined vehicle (as unproven); 0: quarantine is final.</summary>
    public int ProbationCanaries { get; init; }

    /// <summary>How many quarantines a vehicle may be re-admitted from, when probation is on.</summary>
    public int MaxReadmissions { get; init; } = 1;

    /// <summary>The problems with these parameters; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Rate(problems, nameof(UnprovenReplicationRate), UnprovenReplicationRate);
        Rate(problems, nameof(ProvenReplicationRate), ProvenReplicationRate);
        Rate(problems, nameof(CanaryRate), CanaryRate);
        if (ProvenThreshold < 1)
        {
            problems.Add($"{nameof(ProvenThreshold)} must be at least 1; got {ProvenThreshold}.");
        }

        if (AdmissionCanaries < 0 || ProbationCanaries < 0 || MaxReadmissions < 0)
        {
            problems.Add($"{nameof(AdmissionCanaries)}, {nameof(ProbationCanaries)} and {nameof(MaxReadmissions)} must not be negative.");
        }

        return problems;
    }

    /// <summary>The probability that a result of a vehicle with <paramref name="reputation"/> is replicated.</summary>
    public double ReplicationRate(Reputation reputation) => reputation.State switch
    {
        ReputationState.Unproven => UnprovenReplicationRate,
        ReputationState.Proven => ProvenReplicationRate,
        _ => 0,
    };

    /// <summary>
    /// The probability that a canary goes to the vehicle with this job: 1 until it passed its admission canaries, and
    /// for a quarantined vehicle on probation (which gets canaries instead of jobs); <see cref="CanaryRate"/> otherwise.
    /// </summary>
    public double CanaryProbability(Reputation reputation) => reputation.State switch
    {
        ReputationState.Quarantined => CanBeReadmitted(reputation) ? 1 : 0,
        ReputationState.Unproven when reputation.CanariesPassed < AdmissionCanaries => 1,
        _ => CanaryRate,
    };

    /// <summary>Whether to run this job again on a second vehicle (one draw from <paramref name="random"/>).</summary>
    public bool ShouldReplicate(Reputation reputation, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextDouble() < ReplicationRate(reputation);
    }

    /// <summary>Whether to send the vehicle a canary along with this job (one draw from <paramref name="random"/>).</summary>
    public bool ShouldSendCanary(Reputation reputation, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextDouble() < CanaryProbability(reputation);
    }

    /// <summary>Whether the vehicle may take customer work and check others: not quarantined, admission canaries passed.</summary>
    public bool IsAdmitted(Reputation reputation) => !reputation.IsQuarantined && reputation.CanariesPassed >= AdmissionCanaries;

    /// <summary>Whether a quarantined vehicle may still earn re-admission by passing probation canaries.</summary>
    public bool CanBeReadmitted(Reputation reputation) =>
        reputation.IsQuarantined && ProbationCanaries > 0 && reputation.Quarantines <= MaxReadmissions;

    private static void Rate(List<string> problems, string name, double value)
    {
        if (!(value is >= 0 and <= 1))
        {
            problems.Add($"{name} must be between 0 and 1; got {value}.");
        }
    }
}
