namespace Optimus.Simulator.Engine;

/// <summary>Simulated time is whole microseconds since the run's start (a <see cref="long"/>: exact and ordered).</summary>
internal static class SimTime
{
    public const long Second = 1_000_000;
    public const long Minute = 60 * Second;
    public const long Hour = 60 * Minute;
    public const long Day = 24 * Hour;

    public static long FromSeconds(double seconds) => (long)Math.Round(seconds * Second);

    public static long FromHours(double hours) => (long)Math.Round(hours * Hour);

    public static double ToSeconds(long micros) => micros / (double)Second;

    public static double ToHours(long micros) => micros / (double)Hour;

    /// <summary>Floor division that rounds toward negative infinity (times before the start are negative).</summary>
    public static long FloorDiv(long value, long divisor) => value >= 0 ? value / divisor : ((value + 1) / divisor) - 1;
}
