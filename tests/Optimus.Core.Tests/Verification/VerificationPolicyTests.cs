using Optimus.Core.Randomness;
using Optimus.Core.Verification;

namespace Optimus.Core.Tests.Verification;

public sealed class VerificationPolicyTests
{
    [Fact]
    public void Default_IsValid()
    {
        Assert.Empty(VerificationPolicy.Default.Validate());
        Assert.Equal(1.0, VerificationPolicy.Default.UnprovenReplicationRate);
    }

    [Fact]
    public void Validate_RatesOutOfRangeAndNegativeCounts_Reported()
    {
        var problems = new VerificationPolicy { ProvenReplicationRate = 1.5, CanaryRate = double.NaN, ProvenThreshold = 0, ProbationCanaries = -1 }.Validate();

        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void ShouldReplicate_UnprovenAlways_ProvenAtItsRate()
    {
        var policy = new VerificationPolicy { ProvenReplicationRate = 0.05 };
        var random = new SeededRandom(4);
        var proven = new Reputation { State = ReputationState.Proven, CanariesPassed = 1 };

        Assert.All(Enumerable.Range(0, 1_000), _ => Assert.True(policy.ShouldReplicate(Reputation.New, random)));
        var share = Enumerable.Range(0, 100_000).Count(_ => policy.ShouldReplicate(proven, random)) / 100_000.0;
        Assert.InRange(share, 0.045, 0.055);
    }

    [Fact]
    public void ShouldSendCanary_AdmissionFirstThenAtTheCanaryRate()
    {
        var policy = new VerificationPolicy { CanaryRate = 0.02 };
        var random = new SeededRandom(8);
        var admitted = Reputation.New.AfterCanary(true, policy);

        Assert.True(policy.ShouldSendCanary(Reputation.New, random));
        var share = Enumerable.Range(0, 100_000).Count(_ => policy.ShouldSendCanary(admitted, random)) / 100_000.0;
        Assert.InRange(share, 0.018, 0.022);
    }

    [Fact]
    public void Decisions_SameSeed_SameSequence()
    {
        var policy = VerificationPolicy.Default;
        var proven = new Reputation { State = ReputationState.Proven };
        bool[] Run(int seed)
        {
            var random = new SeededRandom(seed);
            return [.. Enumerable.Range(0, 500).Select(_ => policy.ShouldReplicate(proven, random) ^ policy.ShouldSendCanary(proven, random))];
        }

        Assert.Equal(Run(3), Run(3));
    }
}
