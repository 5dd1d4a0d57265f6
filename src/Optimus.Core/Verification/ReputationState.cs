namespace Optimus.Core.Verification;

/// <summary>Where a vehicle stands in result verification (BOINC's adaptive replication).</summary>
public enum ReputationState
{
    /// <summary>New, re-admitted or demoted: every result is replicated until it has proven itself.</summary>
    Unproven,

    /// <summary>Enough consecutive valid results and canaries: its results are replicated at the small proven rate.</summary>
    Proven,

    /// <summary>Caught returning a wrong result: it gets no customer work (only probation canaries, when enabled).</summary>
    Quarantined,
}
