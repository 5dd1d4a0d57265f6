namespace Optimus.Simulator.Engine;

/// <summary>
/// A region's local time, as simulated microseconds since the UTC midnight on or before the start, with the zone's
/// offset taken from the system's time-zone data once per simulated hour (daylight saving included) rather than per
/// event. An unknown zone counts as UTC, as Core's OwnerPolicy does.
/// </summary>
internal sealed class RegionClock
{
    private const int MarginHours = 72;
    private readonly long[] _offsetByHour;
    private readonly long _startSinceMidnight;
    private readonly DayOfWeek _midnightWeekday;
    private readonly DateTime _midnight;

    public RegionClock(string timeZoneId, DateTimeOffset start, long end)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        Known = found is not null;
        var utcStart = start.ToUniversalTime();
        _startSinceMidnight = utcStart.TimeOfDay.Ticks / 10;
        _midnight = utcStart.UtcDateTime.Date;
        _midnightWeekday = _midnight.DayOfWeek;
        var hours = (int)(end / SimTime.Hour) + (2 * MarginHours) + 1;
        _offsetByHour = new long[hours];
        for (var h = 0; h < hours; h++)
        {
            var utc = utcStart.AddHours(h - MarginHours);
            _offsetByHour[h] = zone.GetUtcOffset(utc).Ticks / 10;
        }
    }

    /// <summary>Whether the zone was found; otherwise the clock runs on UTC.</summary>
    public bool Known { get; }

    public long Offset(long t)
    {
        var index = (int)Math.Clamp(SimTime.FloorDiv(t, SimTime.Hour) + MarginHours, 0, _offsetByHour.Length - 1);
        return _offsetByHour[index];
    }

    /// <summary>Local time of simulated time <paramref name="t"/>, in microseconds since the reference midnight.</summary>
    public long Local(long t) => t + _startSinceMidnight + Offset(t);

    public int LocalHour(long t) => (int)(SimTime.FloorDiv(Local(t), SimTime.Hour) % 24 + 24) % 24;

    public long LocalDay(long t) => SimTime.FloorDiv(Local(t), SimTime.Day);

    public DayOfWeek LocalWeekday(long t) => WeekdayOf(LocalDay(t));

    /// <summary>The weekday of local day <paramref name="localDay"/> (0 is the reference midnight's day).</summary>
    public DayOfWeek WeekdayOf(long localDay) => (DayOfWeek)(((localDay % 7) + 7 + (int)_midnightWeekday) % 7);

    /// <summary>Local wall-clock time as a <see cref="DateTimeOffset"/> (for Core types that read weekday and hour).</summary>
    public DateTimeOffset LocalDateTime(long t) =>
        new(DateTime.SpecifyKind(_midnight.AddTicks(Local(t) * 10), DateTimeKind.Unspecified), TimeSpan.FromTicks(Offset(t) * 10));

    /// <summary>The simulated time at which local time reads <paramref name="local"/> (the later one across a fall-back).</summary>
    public long ToSim(long local)
    {
        var guess = local - _startSinceMidnight - Offset(local - _startSinceMidnight);
        return local - _startSinceMidnight - Offset(guess);
    }

    /// <summary>The simulated time of <paramref name="hourOfDay"/> (may exceed 24) on local day <paramref name="day"/>.</summary>
    public long At(long day, double hourOfDay) => ToSim((day * SimTime.Day) + SimTime.FromHours(hourOfDay));
}
