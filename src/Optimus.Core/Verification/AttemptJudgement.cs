namespace Optimus.Core.Verification;

/// <summary>What a verdict says about one attempt (one vehicle's execution of the job).</summary>
public enum AttemptJudgement
{
    /// <summary>Not replicated: accepted on trust, neither confirmed nor refuted.</summary>
    Trusted,

    /// <summary>Agrees with the verified output.</summary>
    Valid,

    /// <summary>Disagrees with the verified output: wrong, never delivered, never paid; its vehicle is quarantined.</summary>
    Invalid,

    /// <summary>No two attempts agreed: nothing can be attributed; not delivered, not paid, the streak is reset.</summary>
    Inconclusive,

    /// <summary>Two attempts disagree and the tie-breaker has not answered yet.</summary>
    Pending,
}
