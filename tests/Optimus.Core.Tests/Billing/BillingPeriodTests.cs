using Optimus.Core.Billing;

namespace Optimus.Core.Tests.Billing;

public sealed class BillingPeriodTests
{
    [Fact]
    public void Of_TakesTheUtcMonth()
    {
        Assert.Equal(new BillingPeriod(2026, 11), BillingPeriod.Of(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero)));
        // 20:00 on 30 November at UTC−5 is 01:00 on 1 December UTC.
        Assert.Equal(new BillingPeriod(2026, 12), BillingPeriod.Of(new DateTimeOffset(2026, 11, 30, 20, 0, 0, TimeSpan.FromHours(-5))));
    }

    [Fact]
    public void StartAndEnd_BoundTheMonth()
    {
        var period = new BillingPeriod(2026, 2);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), period.Start);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), period.End);
        Assert.True(period.Contains(period.Start));
        Assert.True(period.Contains(period.End.AddTicks(-1)));
        Assert.False(period.Contains(period.End));
        Assert.Equal(period.Next().Start, period.End);
    }

    [Fact]
    public void NextAndPrevious_CrossYears()
    {
        Assert.Equal(new BillingPeriod(2027, 1), new BillingPeriod(2026, 12).Next());
        Assert.Equal(new BillingPeriod(2026, 12), new BillingPeriod(2027, 1).Previous());
        Assert.Equal(new BillingPeriod(2026, 6), new BillingPeriod(2026, 5).Next());
        Assert.Equal(new BillingPeriod(2026, 4), new BillingPeriod(2026, 5).Previous());
        Assert.Throws<InvalidOperationException>(() => new BillingPeriod(9999, 12).Next());
        Assert.Throws<InvalidOperationException>(() => new BillingPeriod(1, 1).Previous());
        Assert.Equal(DateTimeOffset.MaxValue, new BillingPeriod(9999, 12).End);
    }

    [Fact]
    public void ParseAndToString_RoundTrip()
    {
        Assert.Equal(new BillingPeriod(2026, 11), BillingPeriod.Parse("2026-11"));
        Assert.Equal("2026-11", new BillingPeriod(2026, 11).ToString());
        Assert.Equal("0042-01", new BillingPeriod(42, 1).ToString());
        for (var period = new BillingPeriod(2025, 1); period.Year < 2028; period = period.Next())
        {
            Assert.Equal(period, BillingPeriod.Parse(period.ToString()));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-1")]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("0000-01")]
    [InlineData("2026/11")]
    [InlineData("2026-11-01")]
    [InlineData("+026-11")]
    [InlineData("2026- 1")]
    [InlineData("２０２６-11")]
    public void Parse_BadText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => BillingPeriod.Parse(text));
    }

    [Fact]
    public void Constructor_ValidatesYearAndMonth()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BillingPeriod(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BillingPeriod(10_000, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BillingPeriod(2026, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BillingPeriod(2026, 13));
    }
}
