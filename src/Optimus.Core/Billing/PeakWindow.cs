namespace Optimus.Core.Billing;

/// <summary>
/// The hours of the day, in the owner's local time, when their electricity costs <see cref="NanoDollarsPerKWh"/>
/// instead of the base price. The window runs from the start of <see cref="StartHour"/> to the start of
/// <see cref="EndHour"/> and may wrap midnight: 16-21 is 16:00–21:00, 22-6 is 22:00–06:00.
/// </summary>
public sealed record PeakWindow
{
    /// <param name="startHour">First local hour in the window, 0..23.</param>
    /// <param name="endHour">Local hour the window ends at (exclusive), 0..24; not equal to <paramref name="startHour"/>.</param>
    /// <param name="nanoDollarsPerKWh">Price inside the window.</param>
    public PeakWindow(int startHour, int endHour, long nanoDollarsPerKWh)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startHour, 23);
        ArgumentOutOfRangeException.ThrowIfNegative(endHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(endHour, 24);
        if (endHour % 24 == startHour)
        {
            throw new ArgumentException("A peak window must not start and end at the same hour.", nameof(endHour));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(nanoDollarsPerKWh);
        StartHour = startHour;
        EndHour = endHour;
        NanoDollarsPerKWh = nanoDollarsPerKWh;
    }

    public int StartHour { get; }

    public int EndHour { get; }

    public long NanoDollarsPerKWh { get; }

    /// <summary>Whether local hour <paramref name="hour"/> (0..23) falls inside the window.</summary>
    public bool Contains(int hour) =>
        StartHour < EndHour ? hour >= StartHour && hour < EndHour : hour >= StartHour || hour < EndHour;
}
