using Optimus.Simulator.Engine;

namespace Optimus.Simulator.Tests.Engine;

public class RegionClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void LocalHour_LosAngelesInJune_SevenHoursBehindUtc()
    {
        var clock = new RegionClock("America/Los_Angeles", Start, SimTime.Day * 7);
        Assert.True(clock.Known, "this test needs the system's time-zone data (tzdata)");

        Assert.Equal(17, clock.LocalHour(0));
        Assert.Equal(DayOfWeek.Sunday, clock.LocalWeekday(0));
        Assert.Equal(DayOfWeek.Monday, clock.LocalWeekday(7 * SimTime.Hour));
        Assert.Equal(-1, clock.LocalDay(0));
    }

    [Fact]
    public void At_LocalSixPmOnTheFirstDay_IsOneAmUtcNextDay()
    {
        var clock = new RegionClock("America/Los_Angeles", Start, SimTime.Day * 7);

        var t = clock.At(0, 18);

        Assert.Equal(SimTime.FromHours(25), t);
        Assert.Equal(18, clock.LocalHour(t));
    }

    [Fact]
    public void LocalDateTime_Tokyo_CarriesTheOffset()
    {
        var clock = new RegionClock("Asia/Tokyo", Start, SimTime.Day);

        var local = clock.LocalDateTime(SimTime.FromHours(1));

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(9)), local);
        Assert.Equal(local.UtcDateTime, Start.AddHours(1).UtcDateTime);
    }

    [Fact]
    public void Constructor_UnknownZone_RunsOnUtc()
    {
        var clock = new RegionClock("Nowhere/Atlantis", Start, SimTime.Day);

        Assert.False(clock.Known);
        Assert.Equal(3, clock.LocalHour(3 * SimTime.Hour));
    }
}
