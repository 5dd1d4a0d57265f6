namespace Optimus.Core.Verification;

/// <summary>The outcome of comparing a job's attempts.</summary>
public enum VerdictOutcome
{
    /// <summary>One attempt, the policy chose not to replicate: delivered on the vehicle's reputation.</summary>
    AcceptedOnTrust,

    /// <summary>Two attempts agree (two of two, or two of three): the agreeing output is delivered.</summary>
    Verified,

    /// <summary>Two attempts disagree: run the job on a third vehicle, then judge the three.</summary>
    NeedsTieBreaker,

    /// <summary>Three attempts, no two agree: nothing is delivered; retry the job elsewhere.</summary>
    Rejected,
}
