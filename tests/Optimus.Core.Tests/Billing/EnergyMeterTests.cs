using Optimus.Core.Billing;

namespace Optimus.Core.Tests.Billing;

public sealed class EnergyMeterTests
{
    [Theory]
    [InlineData(300.0, 3_600_000_000L, 300_000L)] // 300 W for an hour = 300 Wh.
    [InlineData(1.0, 3_600L, 0L)] // 3.6 mJ = 0.001 mWh rounds to 0.
    [InlineData(1.0, 1_800_000L, 1L)] // 0.5 mWh rounds half away from zero.
    [InlineData(1.0, 1_799_999L, 0L)]
    [InlineData(130.0, 1_000_000L, 36L)] // 130 J = 36.11 mWh.
    [InlineData(0.0, 1_000_000_000L, 0L)]
    [InlineData(100.0, 0L, 0L)]
    public void MilliWattHours_IsWattsTimesSecondsOver3Point6(double watts, long micros, long expected)
    {
        Assert.Equal(expected, EnergyMeter.MilliWattHours(watts, micros));
    }

    [Fact]
    public void MilliWattHours_IntegerWatts_AreExactOverLongJobs()
    {
        // 250 W for 30 days: 180,000 Wh; a double route would accumulate error, integers do not.
        Assert.Equal(180_000_000, EnergyMeter.MilliWattHours(250, 30L * 24 * 3_600_000_000));
        // 1 W for 1,000 hours: 1 kWh.
        Assert.Equal(1_000_000, EnergyMeter.MilliWattHours(1, 3_600_000_000_000));
    }

    [Fact]
    public void MilliWattHours_RoundsPowerToTheMilliwattFirst()
    {
        // 0.0004 W is 0 mW; 0.0005 W is 1 mW. One hour of 1 mW is 1 mWh.
        Assert.Equal(0, EnergyMeter.MilliWattHours(0.0004, 3_600_000_000));
        Assert.Equal(1, EnergyMeter.MilliWattHours(0.0005, 3_600_000_000));
        Assert.Equal(EnergyMeter.MilliWattHours(137.5, 123_456_789), EnergyMeter.MilliWattHours(137.5000001, 123_456_789));
    }

    [Fact]
    public void MilliWattHours_RejectsBadInput()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EnergyMeter.MilliWattHours(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnergyMeter.MilliWattHours(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnergyMeter.MilliWattHours(double.PositiveInfinity, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnergyMeter.MilliWattHours(1e300, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnergyMeter.MilliWattHours(1, -1));
    }
}
