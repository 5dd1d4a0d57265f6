using Optimus.Core.Randomness;
using Optimus.Core.Verification;

namespace Optimus.Core.Tests.Verification;

public sealed class ReplicaSelectionTests
{
    private static readonly ReplicaCandidate Primary = new("v0", "alice", "ai4-8gb", "llama-8b-q4@1", new Reputation { State = ReputationState.Proven, CanariesPassed = 1 });
    private static readonly VerificationPolicy Policy = VerificationPolicy.Default;

    [Fact]
    public void Choose_NeverTheSameVehicleNorTheSameOwner()
    {
        var candidates = new List<ReplicaCandidate> { Primary };
        for (var i = 1; i < 40; i++)
        {
            candidates.Add(Candidate($"v{i}", i % 4 == 0 ? "alice" : $"owner{i % 7}"));
        }

        var random = new SeededRandom(5);
        for (var n = 0; n < 2_000; n++)
        {
            var chosen = candidates[ReplicaSelection.Choose(candidates, [Primary], Policy, random)];
            Assert.NotEqual("v0", chosen.VehicleId);
            Assert.NotEqual("alice", chosen.OwnerId);
        }
    }

    [Fact]
    public void Choose_TieBreaker_OfAThirdOwner()
    {
        var replica = Candidate("v1", "bob");
        List<ReplicaCandidate> candidates = [Primary, replica, Candidate("v2", "bob"), Candidate("v3", "alice"), Candidate("v4", "carol")];

        var random = new SeededRandom(2);
        for (var n = 0; n < 200; n++)
        {
            Assert.Equal(4, ReplicaSelection.Choose(candidates, [Primary, replica], Policy, random));
        }
    }

    [Fact]
    public void Choose_OnlySameHardwareClassAndModelBuild_AdmittedAndNotQuarantined()
    {
        List<ReplicaCandidate> candidates =
        [
            Candidate("v1", "bob") with { HardwareClass = "ai4-16gb" },
            Candidate("v2", "bob") with { ModelBuild = "llama-8b-q4@2" },
            Candidate("v3", "bob") with { Reputation = new Reputation { State = ReputationState.Quarantined, CanariesPassed = 1 } },
            Candidate("v4", "bob") with { Reputation = Reputation.New },
            Candidate("v5", "bob"),
        ];

        Assert.Equal(4, ReplicaSelection.Choose(candidates, [Primary], Policy, new SeededRandom(1)));
        Assert.Equal(-1, ReplicaSelection.Choose(candidates[..4], [Primary], Policy, new SeededRandom(1)));
        Assert.Equal(-1, ReplicaSelection.Choose([], [Primary], Policy, new SeededRandom(1)));
    }

    [Fact]
    public void Choose_RareEligibleVehicle_FoundByTheFallbackScan()
    {
        var candidates = Enumerable.Range(1, 5_000).Select(i => Candidate($"v{i}", "alice")).ToList();
        candidates.Add(Candidate("rare", "dave"));

        Assert.Equal(candidates.Count - 1, ReplicaSelection.Choose(candidates, [Primary], Policy, new SeededRandom(3)));
    }

    [Fact]
    public void Choose_UniformAmongEligible()
    {
        var candidates = Enumerable.Range(1, 4).Select(i => Candidate($"v{i}", $"o{i}")).ToList();
        var counts = new int[4];
        var random = new SeededRandom(11);
        for (var n = 0; n < 40_000; n++)
        {
            counts[ReplicaSelection.Choose(candidates, [Primary], Policy, random)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    private static ReplicaCandidate Candidate(string vehicle, string owner) =>
        new(vehicle, owner, Primary.HardwareClass, Primary.ModelBuild, new Reputation { CanariesPassed = 1 });
}
