using Microsoft.Extensions.Time.Testing;
using Optimus.Core.Vehicles;

namespace Optimus.Agent.Tests;

public sealed class ScheduledVehicleStatusTests
{
    private static readonly DailyRoutine Commuter = new(450, 30, 1050, 1140, true, Enum.GetValues<DayOfWeek>().ToHashSet());

    [Fact]
    public void Advance_DayCompressedIntoMinutes_LeavesChargesAndComesBack()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero));
        var start = new DateTimeOffset(2026, 11, 25, 6, 0, 0, TimeSpan.Zero); // Wednesday 06:00, plugged in at home
        using var status = new ScheduledVehicleStatus(Commuter, time, timeScale: 1440, start, stateOfCharge: 0.5, tick: TimeSpan.FromSeconds(1));
        var changes = 0;
        status.Changed += (_, _) => changes++;
        Assert.Equal(VehicleActivity.Charging, status.Current.Activity);

        // 1 real second = 24 simulated minutes. 07:30 departure is 90 simulated minutes away: 4 ticks.
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(VehicleActivity.Driving, status.Current.Activity);
        Assert.False(status.Current.PluggedIn);
        Assert.True(status.Current.StateOfCharge > 0.5, "it charged overnight until it left");

        time.Advance(TimeSpan.FromSeconds(2)); // 08:18: parked at work
        Assert.Equal((VehicleActivity.Parked, false), (status.Current.Activity, status.Current.PluggedIn));

        for (var second = 0; second < 35; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1)); // to 22:18: drive home, park, plug in
        }

        Assert.Equal((VehicleActivity.Charging, true), (status.Current.Activity, status.Current.PluggedIn));
        Assert.True(changes >= 5, $"{changes} changes signalled");
    }
}
