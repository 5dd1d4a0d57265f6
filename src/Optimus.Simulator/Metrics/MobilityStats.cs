namespace Optimus.Simulator.Metrics;

/// <summary>
/// What the availability model actually did, for checking it against its configured distributions and for the report.
/// Only movements inside the measured span (after the start) count.
/// </summary>
internal sealed class MobilityStats
{
    /// <summary>Arrivals home by cars with home charging, and how many of them plugged in by habit (not for low charge).</summary>
    public long HomeArrivals { get; set; }

    public long ElectivePlugIns { get; set; }

    public long PlugIns { get; set; }

    /// <summary>Drawn home dwell (arrival to next departure), hours: count, sum and sum of squares.</summary>
    public long Dwells { get; set; }

    public double DwellHoursSum { get; set; }

    public double DwellHoursSquares { get; set; }

    /// <summary>Completed plug-in sessions that began after the start, and their total hours.</summary>
    public long Sessions { get; set; }

    public double SessionHoursSum { get; set; }

    /// <summary>Trip departures by local hour of day.</summary>
    public long[] DeparturesByLocalHour { get; } = new long[24];

    public long Rides { get; set; }

    public double RideHours { get; set; }

    public long DepotVisits { get; set; }
}
