using Optimus.Core.Placement;
using Optimus.Core.Randomness;

namespace Optimus.Core.Tests.Placement;

public sealed class PowerOfTwoChoicesPlacementPolicyTests
{
    private readonly PowerOfTwoChoicesPlacementPolicy _policy = new();

    [Fact]
    public void Choose_NoCandidates_ReturnsMinusOne() => Assert.Equal(-1, _policy.Choose([], PlacementRequest.Interactive(), new SeededRandom(1)));

    [Fact]
    public void Choose_OneCandidate_ReturnsIt() => Assert.Equal(0, _policy.Choose([new VehicleLoad("a", 0, 2)], PlacementRequest.Interactive(), new SeededRandom(1)));

    [Fact]
    public void Choose_TwoCandidates_PicksTheLessLoaded()
    {
        VehicleLoad[] candidates = [new("busy", 1, 2), new("idle", 0, 2)];
        for (var seed = 0; seed < 50; seed++)
        {
            Assert.Equal(1, _policy.Choose(candidates, PlacementRequest.Interactive(), new SeededRandom(seed)));
        }
    }

    [Fact]
    public void Choose_SameSeed_SameChoices()
    {
        var candidates = Enumerable.Range(0, 100).Select(i => new VehicleLoad($"v{i}", i % 3, 4)).ToArray();
        int[] Run(int seed)
        {
            var random = new SeededRandom(seed);
            return Enumerable.Range(0, 20).Select(_ => _policy.Choose(candidates, PlacementRequest.Interactive(), random)).ToArray();
        }

        Assert.Equal(Run(42), Run(42));
    }

    [Fact]
    public void Choose_ManyPlacements_LoadStaysBalanced()
    {
        // Assign 10,000 unit jobs to 1,000 vehicles without releases: two choices keep the maximum load near the mean.
        const int Seed = 20261126;
        var loads = Enumerable.Range(0, 1000).Select(i => new VehicleLoad($"v{i}", 0, int.MaxValue)).ToArray();
        var random = new SeededRandom(Seed);
        for (var job = 0; job < 10_000; job++)
        {
            var i = _policy.Choose(loads, PlacementRequest.Interactive(), random);
            loads[i] = loads[i] with { ActiveJobs = loads[i].ActiveJobs + 1 };
        }

        Assert.True(loads.Max(l => l.ActiveJobs) <= 14, $"max load {loads.Max(l => l.ActiveJobs)} with seed {Seed}");
    }

    [Fact]
    public void Choose_OneVehicleLeavingBeforeTheJobEnds_PicksTheOneStaying()
    {
        VehicleLoad[] candidates = [new("leaving", 0, 2, PredictedDwellSeconds: 5), new("staying", 1, 2, PredictedDwellSeconds: 3600)];
        for (var seed = 0; seed < 50; seed++)
        {
            Assert.Equal(1, _policy.Choose(candidates, PlacementRequest.Interactive(expectedSeconds: 60), new SeededRandom(seed)));
        }
    }

    [Fact]
    public void Cost_LessTrustedVehicle_CostsMore() =>
        Assert.True(PlacementScore.Cost(new("new", 0, 2, Reputation: 0.2), PlacementRequest.Interactive()) > PlacementScore.Cost(new("proven", 0, 2), PlacementRequest.Interactive()));

    [Fact]
    public void Choose_BatchJob_PrefersTheVehiclePluggedInForTheNight()
    {
        // Both idle and both outlast the short job, but only one stays through the night.
        VehicleLoad[] candidates = [new("until-dinner", 0, 2, PredictedDwellSeconds: 3600), new("overnight", 0, 2, PredictedDwellSeconds: 9 * 3600)];
        for (var seed = 0; seed < 50; seed++)
        {
            Assert.Equal(1, _policy.Choose(candidates, new PlacementRequest(JobClass.Batch, 60), new SeededRandom(seed)));
        }
    }

    [Fact]
    public void Choose_RegionFilter_OnlyMatchingVehicles()
    {
        var fleet = Enumerable.Range(0, 1000).Select(i => new VehicleLoad($"v{i}", 0, 2, Region: i % 100 == 0 ? "eu" : "us")).ToArray();
        var request = new PlacementRequest(JobClass.Interactive, 10, new PlacementFilter(Region: "eu"));
        var random = new SeededRandom(11);
        for (var n = 0; n < 200; n++)
        {
            Assert.Equal("eu", fleet[_policy.Choose(fleet, request, random)].Region);
        }
    }

    [Fact]
    public void Choose_FilterNobodyMatches_ReturnsMinusOne() =>
        Assert.Equal(-1, _policy.Choose([new("a", 0, 2, HardwareClass: "ai4-8gb")], new PlacementRequest(JobClass.Interactive, 10, new PlacementFilter(HardwareClass: "ai5")), new SeededRandom(1)));

    [Fact]
    public void Choose_SingleMatchAmongMany_FindsIt()
    {
        var fleet = Enumerable.Range(0, 10_000).Select(i => new VehicleLoad($"v{i}", 0, 2, HardwareClass: i == 7777 ? "ai4-16gb" : "ai4-8gb")).ToArray();
        Assert.Equal(7777, _policy.Choose(fleet, new PlacementRequest(JobClass.Interactive, 10, new PlacementFilter(HardwareClass: "ai4-16gb")), new SeededRandom(2)));
    }
}
