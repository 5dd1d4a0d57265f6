using Optimus.Core.Randomness;

namespace Optimus.Core.Vehicles;

/// <summary>
/// A private car's weekday: leave home, park at work, drive home, and on some nights plug in at home until morning.
/// Figures from ../shared/data/fleet/parameters.md: 86% of EV drivers can charge at home (#17), plugging in 2–3 nights
/// a week and Tesla owners often nightly (#18), home sessions around 12 h from evening to morning (#19), and cars parked
/// 95% of the time (#15). Weekends: parked at home all day, plugged in on plug-in nights.
/// </summary>
/// <param name="LeaveHomeMinute">Minute of day the car leaves for work.</param>
/// <param name="CommuteMinutes">One-way commute.</param>
/// <param name="LeaveWorkMinute">Minute of day it leaves work.</param>
/// <param name="PlugInMinute">Minute of day it is plugged in at home on a plug-in night.</param>
/// <param name="HomeCharger">Whether the owner can charge at home.</param>
/// <param name="PlugInNights">Which nights (by the weekday the evening falls on) the car is plugged in.</param>
public sealed record DailyRoutine(int LeaveHomeMinute, int CommuteMinutes, int LeaveWorkMinute, int PlugInMinute, bool HomeCharger, IReadOnlySet<DayOfWeek> PlugInNights)
{
    /// <summary>Draws a routine: commute times spread around 07:30 and 17:30, a 15–45 minute commute, plug-in nights.</summary>
    public static DailyRoutine Draw(IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var homeCharger = random.NextDouble() < 0.86;
        var nights = new HashSet<DayOfWeek>();
        var nightly = random.NextDouble() < 0.5; // many Tesla owners plug in every night (#18)
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            if (homeCharger && (nightly || random.NextDouble() < 2.5 / 7))
            {
                nights.Add(day);
            }
        }

        return new DailyRoutine(
            LeaveHomeMinute: 390 + random.NextInt(120),
            CommuteMinutes: 15 + random.NextInt(31),
            LeaveWorkMinute: 990 + random.NextInt(120),
            PlugInMinute: 1110 + random.NextInt(120),
            homeCharger,
            nights);
    }

    /// <summary>What the car is doing at <paramref name="local"/> (the owner's local time).</summary>
    public (VehicleActivity Activity, bool PluggedIn) At(DateTimeOffset local)
    {
        var minute = (local.Hour * 60) + local.Minute;
        var weekday = local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        if (weekday)
        {
            var arriveWork = LeaveHomeMinute + CommuteMinutes;
            var arriveHome = LeaveWorkMinute + CommuteMinutes;
            if ((minute >= LeaveHomeMinute && minute < arriveWork) || (minute >= LeaveWorkMinute && minute < arriveHome))
            {
                return (VehicleActivity.Driving, false);
            }

            if (minute >= arriveWork && minute < LeaveWorkMinute)
            {
                return (VehicleActivity.Parked, false);
            }
        }

        // At home: plugged in from the evening's plug-in time to the next morning's departure.
        var evening = minute >= PlugInMinute ? local : local.AddDays(-1);
        var morningDeparture = weekday || minute >= PlugInMinute ? LeaveHomeMinute : 24 * 60;
        var pluggedTonight = PlugInNights.Contains(evening.DayOfWeek) && (minute >= PlugInMinute || minute < morningDeparture);
        return pluggedTonight ? (VehicleActivity.Charging, true) : (VehicleActivity.Parked, false);
    }
}
