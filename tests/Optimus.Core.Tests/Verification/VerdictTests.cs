using Optimus.Core.Verification;

namespace Optimus.Core.Tests.Verification;

public sealed class VerdictTests
{
    private static readonly JobOutput Right = new("Once upon a time", [1, 2, 3]);
    private static readonly JobOutput Wrong = new("Once upon a tine", [1, 2, 4]);
    private static readonly JobOutput Other = new("Twice", [9]);

    [Fact]
    public void Judge_OneOutput_AcceptedOnTrustAndPaid()
    {
        var v = Verdict.Judge([Right]);

        Assert.Equal(VerdictOutcome.AcceptedOnTrust, v.Outcome);
        Assert.True(v.Deliver);
        Assert.Equal(AttemptJudgement.Trusted, v.JudgementOf(0));
        Assert.True(v.IsPaid(0));
    }

    [Fact]
    public void Judge_TwoAgree_VerifiedBothValidAndPaid()
    {
        var v = Verdict.Judge([Right, new JobOutput("Once upon a time", [1, 2, 3])]);

        Assert.Equal(VerdictOutcome.Verified, v.Outcome);
        Assert.Equal(0, v.DeliveredAttempt);
        Assert.True(v.Deliver);
        Assert.True(v.IsPaid(0) && v.IsPaid(1));
    }

    [Theory]
    [InlineData("Once upon a time ", new[] { 1, 2, 3 })]
    [InlineData("Once upon a time", new[] { 1, 2, 3, 4 })]
    [InlineData("Once upon a time", new[] { 1, 2, 5 })]
    [InlineData("once upon a time", new[] { 1, 2, 3 })]
    public void Judge_TextOrTokensDifferInAnyWay_NeedsTieBreaker(string text, int[] tokens)
    {
        var v = Verdict.Judge([Right, new JobOutput(text, tokens)]);

        Assert.Equal(VerdictOutcome.NeedsTieBreaker, v.Outcome);
        Assert.False(v.Deliver);
        Assert.Equal(AttemptJudgement.Pending, v.JudgementOf(1));
    }

    [Fact]
    public void Judge_MismatchThenThirdSidesWithPrimary_ReplicaInvalidAndUnpaid()
    {
        var v = Verdict.Judge([Right, Wrong, Right]);

        Assert.Equal(VerdictOutcome.Verified, v.Outcome);
        Assert.Equal(0, v.DeliveredAttempt);
        Assert.Equal([AttemptJudgement.Valid, AttemptJudgement.Invalid, AttemptJudgement.Valid], Judgements(v));
        Assert.False(v.IsPaid(1));
        Assert.True(v.IsPaid(0) && v.IsPaid(2));
    }

    [Fact]
    public void Judge_MismatchThenThirdSidesWithReplica_PrimaryNeverDelivered()
    {
        var v = Verdict.Judge([Wrong, Right, Right]);

        Assert.Equal(VerdictOutcome.Verified, v.Outcome);
        Assert.Equal(1, v.DeliveredAttempt);
        Assert.Equal([AttemptJudgement.Invalid, AttemptJudgement.Valid, AttemptJudgement.Valid], Judgements(v));
        Assert.False(v.IsPaid(0));
    }

    [Fact]
    public void Judge_ThreeWayDisagreement_RejectedNothingDeliveredNobodyPaid()
    {
        var v = Verdict.Judge([Right, Wrong, Other]);

        Assert.Equal(VerdictOutcome.Rejected, v.Outcome);
        Assert.False(v.Deliver);
        Assert.Equal(-1, v.DeliveredAttempt);
        Assert.All(Judgements(v), j => Assert.Equal(AttemptJudgement.Inconclusive, j));
        Assert.False(v.IsPaid(0) || v.IsPaid(1) || v.IsPaid(2));
    }

    [Fact]
    public void Judge_ColludersAgree_PassesReplicationSoOnlyCanariesCatchThem()
    {
        // Two vehicles returning the same wrong output are indistinguishable from two right ones: why a replica is
        // never of the primary's owner, and why canaries (known answers) exist.
        var v = Verdict.Judge([Wrong, new JobOutput(Wrong.Text, [.. Wrong.TokenIds])]);
        Assert.Equal(VerdictOutcome.Verified, v.Outcome);

        var policy = VerificationPolicy.Default;
        var colluder = Reputation.New.AfterCanary(true, policy).AfterValid(policy);
        Assert.True(colluder.AfterCanary(Wrong.Equals(Right), policy).IsQuarantined);
    }

    [Fact]
    public void Judge_TwoColludersOutvoteOneHonestReplica()
    {
        var v = Verdict.Judge([Wrong, Right, Wrong]);

        Assert.Equal(0, v.DeliveredAttempt);
        Assert.Equal(AttemptJudgement.Invalid, v.JudgementOf(1));
    }

    [Fact]
    public void Judge_NoneOrMoreThanThree_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Verdict.Judge(Array.Empty<JobOutput>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Verdict.Judge([1, 1, 1, 1]));
    }

    private static AttemptJudgement[] Judgements(Verdict v) => [.. Enumerable.Range(0, v.Attempts).Select(v.JudgementOf)];
}
