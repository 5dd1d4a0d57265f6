using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;

namespace Optimus.Core.Tests.Vehicles;

public sealed class DailyRoutineTests
{
    private static readonly DailyRoutine Commuter = new(450, 30, 1050, 1140, true, new HashSet<DayOfWeek> { DayOfWeek.Tuesday });

    [Theory]
    [InlineData(1, 20 * 60, VehicleActivity.Parked, false)]  // Monday 20:00, not a plug-in night
    [InlineData(3, 0, VehicleActivity.Charging, true)]       // Wednesday 00:00, plugged in since Tuesday evening
    [InlineData(2, 20 * 60, VehicleActivity.Charging, true)] // Tuesday 20:00, a plug-in night
    [InlineData(3, 6 * 60, VehicleActivity.Charging, true)]  // Wednesday 06:00, still plugged from Tuesday night
    [InlineData(3, 460, VehicleActivity.Driving, false)]     // Wednesday 07:40, commuting
    [InlineData(3, 600, VehicleActivity.Parked, false)]      // at work
    [InlineData(3, 1060, VehicleActivity.Driving, false)]    // driving home
    [InlineData(3, 1200, VehicleActivity.Parked, false)]     // Wednesday evening, not a plug-in night
    public void At_Weekday_FollowsTheRoutine(int dayOfMonth, int minute, VehicleActivity activity, bool pluggedIn)
    {
        // dayOfMonth 1 is Monday 2026-11-23, 2 Tuesday, 3 Wednesday.
        var local = new DateTimeOffset(2026, 11, 22 + dayOfMonth, 0, 0, 0, TimeSpan.Zero).AddMinutes(minute);
        Assert.Equal((activity, pluggedIn), Commuter.At(local));
    }

    [Fact]
    public void Draw_ManyCars_MatchesHomeChargingShare()
    {
        var random = new SeededRandom(5);
        var routines = Enumerable.Range(0, 10_000).Select(_ => DailyRoutine.Draw(random)).ToList();
        Assert.InRange(routines.Count(r => r.HomeCharger) / 10_000.0, 0.85, 0.87);
        Assert.All(routines.Where(r => !r.HomeCharger), r => Assert.Empty(r.PlugInNights));
    }
}
