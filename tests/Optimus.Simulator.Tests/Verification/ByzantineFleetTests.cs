using Optimus.Core.Verification;
using Optimus.Simulator.Verification;

namespace Optimus.Simulator.Tests.Verification;

/// <summary>
/// Issue 5's bound at a test's scale: 4,000 vehicles, 20% byzantine (always wrong, wrong with a probability, sleepers,
/// colluding groups placed as each other's replicas), 1,000 jobs each (a third of the default run's horizon, so the bound
/// is harder to meet), Core's default policy.
/// </summary>
public sealed class ByzantineFleetTests
{
    private static readonly ByzantineFleetConfig Small = new() { Vehicles = 4_000, JobsPerVehicle = 1_000, Seed = 3 };

    [Fact]
    public void DefaultPolicy_TwentyPercentByzantine_MeetsTheBound()
    {
        var r = new ByzantineFleetSimulation(Small).Run();

        Assert.True(r.WrongAcceptedShare <= 1e-3, $"wrong accepted share {r.WrongAcceptedShare:E3}");
        Assert.True(r.WrongAccepted > 0, "the byzantine fleet should get some wrong results through, or it is not being tested");
        Assert.True(r.DeviceSecondsOverhead <= 1.25, $"device-seconds overhead {r.DeviceSecondsOverhead:F4}");
        Assert.True(r.JobOverhead <= 1.25, $"job overhead {r.JobOverhead:F4}");
        Assert.True(r.HonestQuarantined == 0, $"{r.HonestQuarantined} honest vehicles quarantined");
        Assert.Equal(r.Jobs, r.Accepted);
        Assert.True(r.Unverifiable < 10, $"{r.Unverifiable} jobs found no eligible replica (expected only at the start, before admissions)");
        foreach (var kind in r.Kinds.Where(k => k.Kind is ByzantineKind.AlwaysWrong or ByzantineKind.Sleeper))
        {
            Assert.True(kind.Vehicles == kind.Quarantined, $"{kind.Kind}: {kind.Quarantined} of {kind.Vehicles} quarantined");
        }
    }

    [Fact]
    public void NoCanaries_CollusionGoesUncaught_FailsTheBound()
    {
        var config = Small with { Policy = VerificationPolicy.Default with { CanaryRate = 0, AdmissionCanaries = 0 } };

        var r = new ByzantineFleetSimulation(config).Run();

        Assert.True(r.WrongAcceptedShare > 1e-3, $"wrong accepted share {r.WrongAcceptedShare:E3}");
    }

    [Fact]
    public void ReplicationOff_OnlyCanaries_FailsTheBound()
    {
        var config = Small with { Policy = VerificationPolicy.Default with { UnprovenReplicationRate = 0, ProvenReplicationRate = 0 } };

        var r = new ByzantineFleetSimulation(config).Run();

        Assert.True(r.WrongAcceptedShare > 1e-3, $"wrong accepted share {r.WrongAcceptedShare:E3}");
        Assert.Equal(0, r.Replicas);
    }

    [Fact]
    public void SameSeed_SameFigures_OtherSeedDiffers()
    {
        var config = Small with { Vehicles = 500, JobsPerVehicle = 400 };

        var a = VerificationReport.Markdown(new ByzantineFleetSimulation(config).Run());
        var b = VerificationReport.Markdown(new ByzantineFleetSimulation(config).Run());
        var c = VerificationReport.Markdown(new ByzantineFleetSimulation(config with { Seed = 4 }).Run());

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Probation_AlwaysWrongNeverReadmitted_EveryExecutionAccounted()
    {
        var config = Small with { Vehicles = 1_000, JobsPerVehicle = 1_000, Policy = VerificationPolicy.Default with { ProbationCanaries = 5 } };

        var r = new ByzantineFleetSimulation(config).Run();

        Assert.Equal(r.Executions, r.Primaries + r.Replicas + r.TieBreakers + r.Canaries);
        Assert.True(r.Canaries > 0 && r.TieBreakers > 0);
        var always = r.Kinds.Single(k => k.Kind == ByzantineKind.AlwaysWrong);
        Assert.Equal(always.Vehicles, always.Quarantined);
    }

    [Fact]
    public void Config_Invalid_Rejected()
    {
        Assert.Throws<ArgumentException>(() => new ByzantineFleetSimulation(Small with { ByzantineShare = 1.5 }));
        Assert.NotEmpty((Small with { Pools = [] }).Validate());
    }
}
