namespace Optimus.Core.Economics;

/// <summary>An owner's earnings over a simulated span, scaled to a year.</summary>
public static class OwnerEarnings
{
    public const double DaysPerYear = 365;

    /// <summary>Dollars per year from <paramref name="nanoDollars"/> earned over <paramref name="days"/> days.</summary>
    public static double DollarsPerYear(long nanoDollars, double days)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(days);
        return NanoDollars.ToDollars(nanoDollars) * DaysPerYear / days;
    }
}
