using Optimus.Core.Billing;

namespace Optimus.Core.Tests.Billing;

public sealed class TariffTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    private static readonly TimeZoneInfo UtcMinus8 =
        TimeZoneInfo.CreateCustomTimeZone("Test/UTC-8", TimeSpan.FromHours(-8), "UTC-8", "UTC-8");

    private static readonly Tariff Peak = new(150_000_000, new PeakWindow(16, 21, 400_000_000));

    [Fact]
    public void Default_IsFifteenCentsFlat()
    {
        Assert.Equal(150_000_000, Tariff.Default.BaseNanoDollarsPerKWh);
        Assert.Null(Tariff.Default.Peak);
        Assert.Equal(150_000_000, Tariff.Default.PriceAt(At(18), Utc));
    }

    [Theory]
    [InlineData(15, 150_000_000)]
    [InlineData(16, 400_000_000)]
    [InlineData(20, 400_000_000)]
    [InlineData(21, 150_000_000)]
    [InlineData(3, 150_000_000)]
    public void PriceAt_UsesThePeakWindowStartInclusiveEndExclusive(int hour, long expected)
    {
        Assert.Equal(expected, Peak.PriceAt(At(hour), Utc));
        Assert.Equal(expected, Peak.PriceAt(At(hour).AddMinutes(59), Utc));
    }

    [Fact]
    public void PriceAt_JudgesTheHourInTheOwnersZone()
    {
        // 01:00 UTC is 17:00 the day before at UTC−8: peak there, not in UTC.
        Assert.Equal(400_000_000, Peak.PriceAt(At(1), UtcMinus8));
        Assert.Equal(150_000_000, Peak.PriceAt(At(1), Utc));
        // An instant given with an offset is the same instant.
        Assert.Equal(400_000_000, Peak.PriceAt(new DateTimeOffset(2026, 11, 3, 17, 0, 0, TimeSpan.FromHours(-8)), UtcMinus8));
    }

    [Theory]
    [InlineData(22, true)]
    [InlineData(23, true)]
    [InlineData(0, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    [InlineData(21, false)]
    [InlineData(12, false)]
    public void PeakWindow_MayWrapMidnight(int hour, bool inside)
    {
        var night = new Tariff(100, new PeakWindow(22, 6, 200));
        Assert.Equal(inside ? 200 : 100, night.PriceAt(At(hour), Utc));
    }

    [Fact]
    public void PeakWindow_EndingAt24_CoversTheEvening()
    {
        var window = new PeakWindow(18, 24, 1);
        Assert.True(window.Contains(23));
        Assert.False(window.Contains(0));
        Assert.False(window.Contains(17));
    }

    [Fact]
    public void PeakWindow_RejectsBadHours()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeakWindow(-1, 5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeakWindow(24, 5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeakWindow(5, 25, 1));
        Assert.Throws<ArgumentException>(() => new PeakWindow(5, 5, 1));
        Assert.Throws<ArgumentException>(() => new PeakWindow(0, 24, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PeakWindow(1, 2, -1));
    }

    [Fact]
    public void EnergyCost_IsMilliWattHoursTimesPriceOverAMillion_RoundedHalfAwayFromZero()
    {
        // 300 Wh at $0.15/kWh = $0.045.
        Assert.Equal(45_000_000, Tariff.Default.EnergyCost(300_000, At(12), Utc));
        Assert.Equal(120_000_000, Peak.EnergyCost(300_000, At(17), Utc));
        var tariff = new Tariff(1);
        Assert.Equal(0, tariff.EnergyCost(499_999, At(0), Utc));
        Assert.Equal(1, tariff.EnergyCost(500_000, At(0), Utc));
        Assert.Equal(1, tariff.EnergyCost(1_499_999, At(0), Utc));
        Assert.Equal(2, tariff.EnergyCost(1_500_000, At(0), Utc));
        Assert.Equal(0, Tariff.Default.EnergyCost(0, At(0), Utc));
    }

    [Fact]
    public void EnergyCost_LargeInputs_UseWideIntermediates()
    {
        // 1e12 mWh (1 GWh) at $0.15/kWh = $150,000; the product 1.5e20 overflows a long.
        Assert.Equal(150_000_000_000_000, Tariff.Default.EnergyCost(1_000_000_000_000, At(0), Utc));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tariff.Default.EnergyCost(-1, At(0), Utc));
    }

    [Theory]
    [InlineData("0.15", 150_000_000, null, 0, 0)]
    [InlineData("  0.15  ", 150_000_000, null, 0, 0)]
    [InlineData("0.15 peak=0.40@16-21", 150_000_000, 400_000_000L, 16, 21)]
    [InlineData("0.1 peak=0.3@22-6", 100_000_000, 300_000_000L, 22, 6)]
    [InlineData("0 peak=0.000000001@0-23", 0, 1L, 0, 23)]
    [InlineData("0.2 peak=0.5@18-24", 200_000_000, 500_000_000L, 18, 24)]
    public void Parse_ReadsDollarsPerKWh(string text, long basePrice, long? peakPrice, int start, int end)
    {
        var tariff = Tariff.Parse(text);
        Assert.Equal(basePrice, tariff.BaseNanoDollarsPerKWh);
        if (peakPrice is null)
        {
            Assert.Null(tariff.Peak);
        }
        else
        {
            Assert.Equal(new PeakWindow(start, end, peakPrice.Value), tariff.Peak);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-0.15")]
    [InlineData("0.15 0.40")]
    [InlineData("0.15 peak=0.40")]
    [InlineData("0.15 peak=0.40@16")]
    [InlineData("0.15 peak=0.40@16-")]
    [InlineData("0.15 peak=0.40@16-16")]
    [InlineData("0.15 peak=0.40@24-2")]
    [InlineData("0.15 peak=0.40@1-25")]
    [InlineData("0.15 peak=0.40@0-24")]
    [InlineData("0.15 peak=@16-21")]
    [InlineData("0.15 peak=0.4@-1-21")]
    [InlineData("0.15 peak=0.4@16-21 extra")]
    [InlineData("0.0000000001")]
    public void Parse_BadText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Tariff.Parse(text));
    }

    [Fact]
    public void ToString_RoundTrips()
    {
        foreach (var tariff in new[] { Tariff.Default, Peak, new Tariff(1, new PeakWindow(22, 6, 123_456_789_012)), new Tariff(0) })
        {
            Assert.Equal(tariff, Tariff.Parse(tariff.ToString()));
        }

        Assert.Equal("0.15", Tariff.Default.ToString());
        Assert.Equal("0.15 peak=0.4@16-21", Peak.ToString());
    }

    private static DateTimeOffset At(int hour) => new(2026, 11, 3, hour, 0, 0, TimeSpan.Zero);
}
