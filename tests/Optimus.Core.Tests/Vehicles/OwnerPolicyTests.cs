using Optimus.Core.Vehicles;

namespace Optimus.Core.Tests.Vehicles;

public sealed class OwnerPolicyTests
{
    private static readonly DateTimeOffset WednesdayNoonUtc = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly VehicleStatus Charging = new(VehicleActivity.Charging, true, 0.8);

    public static TheoryData<VehicleStatus, OwnerPolicy, string> Refusals => new()
    {
        { Charging, OwnerPolicy.Default with { OptedOut = true }, "opted out" },
        { Charging with { Activity = VehicleActivity.Driving }, OwnerPolicy.Default, "driving" },
        { Charging with { Activity = VehicleActivity.Sleeping }, OwnerPolicy.Default, "sleeping" },
        { Charging with { PluggedIn = false, Activity = VehicleActivity.Parked }, OwnerPolicy.Default, "unplugged" },
        { Charging with { StateOfCharge = 0.3 }, OwnerPolicy.Default, "below charge floor" },
        { Charging with { ThermalHeadroomC = 2 }, OwnerPolicy.Default, "overheated" },
        { Charging, OwnerPolicy.Default with { Hours = WeeklyHours.Parse("mon-fri 22-07") }, "outside allowed hours" },
        { Charging with { EnergyUsedTodayWh = 500 }, OwnerPolicy.Default with { DailyEnergyCapWh = 500 }, "daily energy cap reached" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Evaluate_RuleBroken_RefusesWithTheRule(VehicleStatus status, OwnerPolicy policy, string reason) =>
        Assert.Equal(ServeDecision.No(reason), Availability.Evaluate(status, policy, WednesdayNoonUtc));

    [Fact]
    public void Evaluate_EveryRuleHolds_Serves() => Assert.True(Availability.Evaluate(Charging, OwnerPolicy.Default, WednesdayNoonUtc).CanServe);

    [Fact]
    public void Evaluate_ParkedUnpluggedWithPluggedInOnlyOff_Serves() =>
        Assert.True(Availability.Evaluate(Charging with { PluggedIn = false }, OwnerPolicy.Default with { PluggedInOnly = false }, WednesdayNoonUtc).CanServe);

    [Fact]
    public void Evaluate_HoursInOwnersTimeZone_UseLocalTime()
    {
        // 12:00 UTC is 04:00 in Los Angeles: inside "22-07" there, outside it in UTC.
        var policy = OwnerPolicy.Default with { Hours = WeeklyHours.Parse("mon-sun 22-07"), TimeZoneId = "America/Los_Angeles" };
        Assert.True(Availability.Evaluate(Charging, policy, WednesdayNoonUtc).CanServe);
        Assert.False(Availability.Evaluate(Charging, policy with { TimeZoneId = "UTC" }, WednesdayNoonUtc).CanServe);
    }

    [Fact]
    public void WeeklyHours_RangeWrappingMidnight_RunsIntoNextDay()
    {
        var hours = WeeklyHours.Parse("fri 22-02");
        Assert.True(hours.Allows(DayOfWeek.Friday, 23));
        Assert.True(hours.Allows(DayOfWeek.Saturday, 1));
        Assert.False(hours.Allows(DayOfWeek.Saturday, 2));
        Assert.False(hours.Allows(DayOfWeek.Friday, 1));
    }

    [Fact]
    public void WeeklyHours_WholeDay_AllowsEveryHour() => Assert.True(Enumerable.Range(0, 24).All(h => WeeklyHours.Parse("sun 0-24").Allows(DayOfWeek.Sunday, h)));

    [Theory]
    [InlineData("mon")]
    [InlineData("someday 1-2")]
    [InlineData("mon 25-3")]
    public void WeeklyHours_Malformed_ThrowsFormatException(string text) => Assert.Throws<FormatException>(() => WeeklyHours.Parse(text));

    [Fact]
    public void DwellPredictor_UsualMorningDeparture_PredictsTimeUntilIt()
    {
        var predictor = new DwellPredictor();
        foreach (var week in Enumerable.Range(0, 4))
        {
            predictor.RecordDeparture(new DateTimeOffset(2026, 11, 4 + (7 * week), 7, 30, 0, TimeSpan.Zero)); // Wednesdays 07:30
        }

        Assert.Equal(TimeSpan.FromMinutes(90), predictor.PredictRemaining(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero)));
        Assert.Equal(DwellPredictor.Unknown, predictor.PredictRemaining(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.Zero)));
    }
}
