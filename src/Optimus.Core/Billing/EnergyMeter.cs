namespace Optimus.Core.Billing;

/// <summary>Turns a device's power draw and the time it spent on a job into metered energy, exactly.</summary>
public static class EnergyMeter
{
    /// <summary>Milliwatt-hours per milliwatt-microsecond denominator: 1 mWh = 3.6 J = 3.6e9 mW·µs.</summary>
    private const long MilliWattMicrosecondsPerMilliWattHour = 3_600_000_000;

    /// <summary>
    /// Energy drawn at <paramref name="powerWatts"/> for <paramref name="deviceMicroseconds"/>, in milliwatt-hours
    /// (W × s / 3.6), rounded half away from zero. The power is first rounded to whole milliwatts (it comes as a double
    /// from the hardware profile); the rest is integer arithmetic, so integer watts give exact results.
    /// </summary>
    public static long MilliWattHours(double powerWatts, long deviceMicroseconds)
    {
        if (!double.IsFinite(powerWatts) || powerWatts < 0 || powerWatts * 1000 >= long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(powerWatts), powerWatts, "Power must be a finite, non-negative number of watts.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(deviceMicroseconds);
        var milliWatts = (long)Math.Round(powerWatts * 1000, MidpointRounding.AwayFromZero);
        var exact = (Int128)milliWatts * deviceMicroseconds;
        return checked((long)((exact + MilliWattMicrosecondsPerMilliWattHour / 2) / MilliWattMicrosecondsPerMilliWattHour));
    }
}
