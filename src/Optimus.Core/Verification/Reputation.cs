namespace Optimus.Core.Verification;

/// <summary>
/// A vehicle's standing in result verification: its consecutive valid results, the canaries it passed, and its state.
/// Immutable; every outcome returns the next value, so a grain can store it and a simulation can keep millions in an
/// array. A vehicle is <see cref="ReputationState.Proven"/> after <see cref="VerificationPolicy.ProvenThreshold"/>
/// consecutive valid results that include <see cref="VerificationPolicy.AdmissionCanaries"/> passed canaries, and is
/// <see cref="ReputationState.Quarantined"/> by any result caught wrong (a lost vote or a failed canary). A quarantined
/// vehicle leaves quarantine only through probation (<see cref="VerificationPolicy.ProbationCanaries"/> consecutive passed
/// canaries, at most <see cref="VerificationPolicy.MaxReadmissions"/> times), and comes back
/// <see cref="ReputationState.Unproven"/>.
/// </summary>
public readonly record struct Reputation
{
    /// <summary>A vehicle never seen before.</summary>
    public static Reputation New => default;

    public ReputationState State { get; init; }

    /// <summary>Valid results (verified or canaries) since the last inconclusive or wrong one.</summary>
    public int ConsecutiveValid { get; init; }

    /// <summary>Canaries passed since admission (or re-admission).</summary>
    public int CanariesPassed { get; init; }

    /// <summary>
    /// Results delivered with this vehicle's output since its last passed canary (on trust, or verified by an agreeing
    /// replica, which might be a colluder). When the vehicle is quarantined the count is kept: its last this many
    /// delivered results are suspect, to be audited or refunded and its owner's pay for them withheld.
    /// </summary>
    public int DeliveredSinceCanary { get; init; }

    /// <summary>Consecutive canaries passed in the current quarantine.</summary>
    public int ProbationPassed { get; init; }

    /// <summary>Times this vehicle was quarantined.</summary>
    public int Quarantines { get; init; }

    public bool IsProven => State == ReputationState.Proven;

    public bool IsQuarantined => State == ReputationState.Quarantined;

    /// <summary>The reputation after <paramref name="judgement"/> of one of its attempts.</summary>
    public Reputation After(AttemptJudgement judgement, VerificationPolicy policy) => judgement switch
    {
        AttemptJudgement.Trusted => AfterTrusted(),
        AttemptJudgement.Valid => AfterValid(policy),
        AttemptJudgement.Invalid => AfterInvalid(),
        AttemptJudgement.Inconclusive => AfterInconclusive(),
        _ => this,
    };

    /// <summary>A result delivered without verification: no evidence either way, but one more suspect if caught later.</summary>
    public Reputation AfterTrusted() => IsQuarantined ? this : this with { DeliveredSinceCanary = DeliveredSinceCanary + 1 };

    /// <summary>A result confirmed by an agreeing replica.</summary>
    public Reputation AfterValid(VerificationPolicy policy) => IsQuarantined
        ? this
        : Promote(this with { ConsecutiveValid = ConsecutiveValid + 1, DeliveredSinceCanary = DeliveredSinceCanary + 1 }, policy);

    /// <summary>A result caught wrong: quarantine, whatever the history.</summary>
    public Reputation AfterInvalid() => this with
    {
        State = ReputationState.Quarantined,
        ConsecutiveValid = 0,
        ProbationPassed = 0,
        Quarantines = IsQuarantined ? Quarantines : Quarantines + 1,
    };

    /// <summary>Part of a three-way disagreement: not provably wrong, but no longer proven; the streak starts again.</summary>
    public Reputation AfterInconclusive() => IsQuarantined ? this : this with { State = ReputationState.Unproven, ConsecutiveValid = 0 };

    /// <summary>A canary (a prompt whose output is known) answered right or wrong.</summary>
    public Reputation AfterCanary(bool passed, VerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (IsQuarantined)
        {
            if (!policy.CanBeReadmitted(this))
            {
                return this;
            }

            if (!passed)
            {
                return this with { ProbationPassed = 0 };
            }

            return ProbationPassed + 1 >= policy.ProbationCanaries
                ? new Reputation { Quarantines = Quarantines }
                : this with { ProbationPassed = ProbationPassed + 1 };
        }

        return passed
            ? Promote(this with { ConsecutiveValid = ConsecutiveValid + 1, CanariesPassed = CanariesPassed + 1, DeliveredSinceCanary = 0 }, policy)
            : AfterInvalid();
    }

    private static Reputation Promote(Reputation r, VerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return r.State == ReputationState.Unproven && r.ConsecutiveValid >= policy.ProvenThreshold && r.CanariesPassed >= policy.AdmissionCanaries
            ? r with { State = ReputationState.Proven }
            : r;
    }
}
