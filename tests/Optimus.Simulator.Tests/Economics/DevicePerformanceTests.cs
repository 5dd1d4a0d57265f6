using Optimus.Core.Economics;
using Optimus.Core.Vehicles;

namespace Optimus.Simulator.Tests.Economics;

public class DevicePerformanceTests
{
    private static readonly QuantisedModel Model = QuantisedModel.Llama31With8BAtInt4;

    [Fact]
    public void Batch1TokensPerSecond_Ai4DieWith8BInt4_MatchesTheDerivedFifty()
    {
        // parameters.md: 8B at int4 (≈4.6 GB) on one AI4 SoC (≈384 GB/s, η = 0.6) ≈ 50 tok/s at batch 1.
        var tps = DevicePerformance.Batch1TokensPerSecond(384, 0.6, Model.WeightsBytes);

        Assert.InRange(tps, 49, 51);
    }

    [Fact]
    public void BatchedTokensPerSecond_AtReferenceBatch_EqualsTheGain()
    {
        Assert.Equal(150, DevicePerformance.BatchedTokensPerSecond(50, DevicePerformance.ReferenceBatch, 3), 9);
        Assert.Equal(50, DevicePerformance.BatchedTokensPerSecond(50, 1, 3), 9);
        Assert.Equal(0, DevicePerformance.BatchedTokensPerSecond(50, 0, 3));
    }

    [Fact]
    public void BatchedTokensPerSecond_MoreStreams_MoreAggregateButSlowerEach()
    {
        var four = DevicePerformance.BatchedTokensPerSecond(50, 4, 3);
        var eight = DevicePerformance.BatchedTokensPerSecond(50, 8, 3);

        Assert.True(eight > four);
        Assert.True(eight / 8 < four / 4);
    }

    [Fact]
    public void SlotsPerDie_SixteenGiBInsteadOfEight_RunsMoreStreams()
    {
        var shape = Model.ToShape();

        var eight = DevicePerformance.SlotsPerDie(8L << 30, shape, 4096, 8);
        var sixteen = DevicePerformance.SlotsPerDie(16L << 30, shape, 4096, 8);

        Assert.Equal(5, eight);
        Assert.Equal(8, sixteen);
    }

    [Fact]
    public void Evaluate_ModelLargerThanTheDie_HasNoSlots()
    {
        var tiny = HardwareProfiles.Ai4With8GB.WithMemoryPerDie(2L << 30);

        var capacity = DevicePerformance.Evaluate(tiny, 121.7, Model, ServingAssumptions.Default);

        Assert.Equal(0, capacity.Slots);
        Assert.Equal(0, capacity.VehicleTokensPerSecond);
    }

    [Fact]
    public void Evaluate_Ai4With16GB_ServesAboutThreeHundredTokensPerSecondPerCar()
    {
        // parameters.md: ≈150 tok/s per SoC at batch 8, ≈300 per car with both SoCs.
        var capacity = DevicePerformance.Evaluate(HardwareProfiles.Ai4With16GB, 121.7, Model, ServingAssumptions.Default);

        Assert.Equal(16, capacity.Slots);
        Assert.InRange(capacity.VehicleTokensPerSecond, 290, 310);
        Assert.InRange(capacity.PrefillTokensPerSecond, 1800, 2000);
    }
}
