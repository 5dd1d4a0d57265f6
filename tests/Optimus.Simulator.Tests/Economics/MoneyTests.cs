using Optimus.Core.Economics;

namespace Optimus.Simulator.Tests.Economics;

public class MoneyTests
{
    [Fact]
    public void OwnedDollarsPerGpuHour_TenBillionPerGigawattYear_AboutOneFifty()
    {
        // parameters.md #32: ≈$10B per GW-year ≈ $1.5 per GPU-hour at ≈750k GPUs per GW.
        Assert.InRange(DatacenterBaseline.Default.OwnedDollarsPerGpuHour, 1.45, 1.60);
    }

    [Fact]
    public void OwnedWithoutNvidiaMargin_DefaultShareAndMargin_CheaperByTheirProduct()
    {
        var b = DatacenterBaseline.Default;

        Assert.Equal(b.OwnedDollarsPerGpuHour * (1 - (0.75 * 0.73)), b.OwnedWithoutNvidiaMarginDollarsPerGpuHour, 9);
        Assert.True(b.OwnedWithoutNvidiaMarginPerMillionTokens < b.OwnedPerMillionTokens);
        Assert.True(b.OwnedPerMillionTokens < b.RentalPerMillionTokens);
    }

    [Fact]
    public void PerMillionTokens_ThreeDollarsAnHourAt5777TokensPerSecond_IsFourteenCents()
    {
        Assert.Equal(3.0 / (5777 * 3600) * 1e6, TokenCost.PerMillionTokens(3.0, 5777, 1.0), 12);
        Assert.Equal(double.PositiveInfinity, TokenCost.PerMillionTokens(3.0, 5777, 0));
    }

    [Theory]
    [InlineData(0L, 5000)]
    [InlineData(1L, 5000)]
    [InlineData(60_001L, 5000)]
    [InlineData(123_456_789_012L, 3333)]
    [InlineData(99L, 10_000)]
    public void Split_AnyCharge_OwnerAndPlatformAddUpToIt(long charge, int basisPoints)
    {
        var split = new SimulatorRevenueSplit(basisPoints).Split(charge);

        Assert.Equal(charge, split.OwnerNanoDollars + split.PlatformNanoDollars);
        Assert.True(split.OwnerNanoDollars <= charge * basisPoints / 10_000.0);
    }

    [Fact]
    public void ForTokens_ThreeHundredTokensAtTwentyCents_SixtyThousandNanodollars()
    {
        Assert.Equal(60_000, NanoDollars.ForTokens(300, 0.20));
        Assert.Equal(1.5, NanoDollars.ToDollars(NanoDollars.FromDollars(1.5)));
    }

    [Fact]
    public void CostNanoDollars_OneKilowattHourAtSixteenCents_SixteenCents()
    {
        var oneKWh = Energy.Microjoules(1000, 3_600_000_000);

        Assert.Equal(1.0, Energy.ToKWh(oneKWh), 12);
        Assert.Equal(NanoDollars.FromDollars(0.1648), Energy.CostNanoDollars(oneKWh, 0.1648));
        Assert.Equal(280, Energy.ServingWatts(130, 150));
    }

    [Fact]
    public void DollarsPerYear_OneDollarOverOneWeek_FiftyTwoAndABit()
    {
        Assert.Equal(365 / 7.0, OwnerEarnings.DollarsPerYear(NanoDollars.PerDollar, 7), 9);
    }
}
