using Optimus.Core.Billing;

namespace Optimus.Core.Tests.Billing;

public sealed class RevenueSplitTests
{
    [Fact]
    public void Default_GivesTheOwnerSeventyPercent()
    {
        Assert.Equal(7_000, RevenueSplit.Default.OwnerShareBasisPoints);
    }

    [Fact]
    public void Split_ReimbursesEnergyFirstThenShares()
    {
        var split = RevenueSplit.Default.Split(1_000_000, 100_000);
        Assert.Equal(new ChargeSplit(630_000, 100_000, 270_000), split);
        Assert.Equal(730_000, split.OwnerTotal);
        Assert.Equal(1_000_000, split.Total);
    }

    [Fact]
    public void Split_CapsEnergyAtTheCharge()
    {
        Assert.Equal(new ChargeSplit(0, 500, 0), RevenueSplit.Default.Split(500, 10_000));
        Assert.Equal(new ChargeSplit(0, 500, 0), RevenueSplit.Default.Split(500, 500));
    }

    [Fact]
    public void Split_RoundsTheOwnersShareDown()
    {
        // 70% of 9 is 6.3: the owner gets 6, the platform 3.
        Assert.Equal(new ChargeSplit(6, 0, 3), RevenueSplit.Default.Split(9, 0));
        Assert.Equal(new ChargeSplit(0, 0, 1), RevenueSplit.Default.Split(1, 0));
        Assert.Equal(new ChargeSplit(0, 0, 0), RevenueSplit.Default.Split(0, 0));
    }

    [Fact]
    public void Split_AtTheShareBounds()
    {
        Assert.Equal(new ChargeSplit(0, 10, 90), new RevenueSplit(0).Split(100, 10));
        Assert.Equal(new ChargeSplit(90, 10, 0), new RevenueSplit(10_000).Split(100, 10));
    }

    [Fact]
    public void Split_LargeCharges_DoNotOverflow()
    {
        var split = new RevenueSplit(9_999).Split(long.MaxValue, 0);
        Assert.Equal(long.MaxValue, split.Owner + split.Platform);
        Assert.Equal((long)((Int128)long.MaxValue * 9_999 / 10_000), split.Owner);
    }

    [Fact]
    public void Split_Invariants_HoldOverRandomInputs()
    {
        var random = new Random(7_000);
        for (var i = 0; i < 10_000; i++)
        {
            var share = random.Next(0, 10_001);
            var charge = i % 3 == 0 ? random.NextInt64(0, 1_000) : random.NextInt64(0, long.MaxValue);
            var energy = i % 5 == 0 ? random.NextInt64(0, long.MaxValue) : random.NextInt64(0, Math.Max(1, charge * 2 / 3 + 1));
            var split = new RevenueSplit(share).Split(charge, energy);

            Assert.Equal(charge, (Int128)split.Owner + split.Energy + split.Platform);
            Assert.True(split.Owner >= 0 && split.Energy >= 0 && split.Platform >= 0, split.ToString());
            Assert.Equal(Math.Min(charge, energy), split.Energy);
            Assert.True(split.OwnerTotal <= charge);
            var remaining = (Int128)(charge - split.Energy);
            // The owner's share is the floor of the exact share: within one nanodollar below it.
            Assert.True((Int128)split.Owner * 10_000 <= remaining * share);
            Assert.True(((Int128)split.Owner + 1) * 10_000 > remaining * share);
        }
    }

    [Fact]
    public void Constructor_ValidatesTheShare()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RevenueSplit(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RevenueSplit(10_001));
    }

    [Fact]
    public void Split_RejectsNegativeAmounts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RevenueSplit.Default.Split(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RevenueSplit.Default.Split(1, -1));
    }
}
