using Optimus.Core.Verification;

namespace Optimus.Core.Tests.Verification;

public sealed class ReputationTests
{
    private static readonly VerificationPolicy Policy = new() { ProvenThreshold = 10, AdmissionCanaries = 1 };

    [Fact]
    public void New_IsUnprovenWithNoHistory()
    {
        Assert.Equal(ReputationState.Unproven, Reputation.New.State);
        Assert.Equal(0, Reputation.New.ConsecutiveValid);
    }

    [Fact]
    public void AfterValid_ThresholdReachedWithAdmissionCanary_BecomesProven()
    {
        var r = Reputation.New.AfterCanary(true, Policy);
        for (var i = 0; i < 8; i++)
        {
            r = r.AfterValid(Policy);
        }

        Assert.Equal(ReputationState.Unproven, r.State);
        r = r.AfterValid(Policy);
        Assert.Equal(10, r.ConsecutiveValid);
        Assert.Equal(ReputationState.Proven, r.State);
    }

    [Fact]
    public void AfterValid_ThresholdReachedWithoutCanary_StaysUnprovenUntilOnePasses()
    {
        var r = Reputation.New;
        for (var i = 0; i < 25; i++)
        {
            r = r.AfterValid(Policy);
        }

        Assert.Equal(ReputationState.Unproven, r.State);
        Assert.Equal(1, Policy.CanaryProbability(r));
        Assert.Equal(ReputationState.Proven, r.AfterCanary(true, Policy).State);
    }

    [Fact]
    public void AfterInvalid_ProvenVehicle_IsQuarantinedAndKeepsItsSuspectCount()
    {
        var r = Proven().AfterCanary(true, Policy);
        r = r.AfterTrusted().AfterTrusted().AfterTrusted();
        r = r.AfterInvalid();

        Assert.Equal(ReputationState.Quarantined, r.State);
        Assert.Equal(0, r.ConsecutiveValid);
        Assert.Equal(3, r.DeliveredSinceCanary);
        Assert.Equal(1, r.Quarantines);
    }

    [Fact]
    public void AfterCanary_Failed_Quarantines()
    {
        Assert.True(Proven().AfterCanary(false, Policy).IsQuarantined);
        Assert.True(Reputation.New.AfterCanary(false, Policy).IsQuarantined);
    }

    [Fact]
    public void AfterCanary_Passed_ResetsTheSuspectCount()
    {
        var r = Proven().AfterCanary(true, Policy).AfterTrusted().AfterValid(Policy);
        Assert.Equal(2, r.DeliveredSinceCanary);
        Assert.Equal(0, r.AfterCanary(true, Policy).DeliveredSinceCanary);
    }

    [Fact]
    public void AfterInconclusive_ProvenVehicle_IsDemotedNotQuarantined()
    {
        var r = Proven().AfterInconclusive();

        Assert.Equal(ReputationState.Unproven, r.State);
        Assert.Equal(0, r.ConsecutiveValid);
        Assert.Equal(1, r.CanariesPassed);
        Assert.Equal(r.DeliveredSinceCanary, Proven().DeliveredSinceCanary);
    }

    [Fact]
    public void Quarantined_WithoutProbation_IgnoresEverything()
    {
        var q = Proven().AfterInvalid();

        Assert.Equal(q, q.AfterValid(Policy));
        Assert.Equal(q, q.AfterTrusted());
        Assert.Equal(q, q.AfterInconclusive());
        Assert.Equal(q, q.AfterCanary(true, Policy));
        Assert.Equal(0, Policy.CanaryProbability(q));
        Assert.False(Policy.ShouldReplicate(q, new Core.Randomness.SeededRandom(1)));
    }

    [Fact]
    public void Probation_NConsecutiveCanaries_ReadmitsAsUnprovenOnce()
    {
        var policy = Policy with { ProbationCanaries = 3, MaxReadmissions = 1 };
        var q = Proven().AfterInvalid();
        Assert.Equal(1, policy.CanaryProbability(q));

        q = q.AfterCanary(true, policy).AfterCanary(true, policy).AfterCanary(false, policy);
        Assert.True(q.IsQuarantined);
        Assert.Equal(0, q.ProbationPassed);

        var readmitted = q.AfterCanary(true, policy).AfterCanary(true, policy).AfterCanary(true, policy);
        Assert.Equal(ReputationState.Unproven, readmitted.State);
        Assert.Equal(0, readmitted.CanariesPassed);
        Assert.Equal(1, readmitted.Quarantines);

        var again = readmitted.AfterInvalid();
        Assert.Equal(2, again.Quarantines);
        Assert.False(policy.CanBeReadmitted(again));
        Assert.True(again.AfterCanary(true, policy).AfterCanary(true, policy).AfterCanary(true, policy).IsQuarantined);
    }

    [Fact]
    public void After_AppliesEachJudgement()
    {
        var r = Proven();

        Assert.Equal(r.AfterTrusted(), r.After(AttemptJudgement.Trusted, Policy));
        Assert.Equal(r.AfterValid(Policy), r.After(AttemptJudgement.Valid, Policy));
        Assert.Equal(r.AfterInvalid(), r.After(AttemptJudgement.Invalid, Policy));
        Assert.Equal(r.AfterInconclusive(), r.After(AttemptJudgement.Inconclusive, Policy));
        Assert.Equal(r, r.After(AttemptJudgement.Pending, Policy));
    }

    private static Reputation Proven()
    {
        var r = Reputation.New.AfterCanary(true, Policy);
        while (!r.IsProven)
        {
            r = r.AfterValid(Policy);
        }

        return r;
    }
}
