using System.Globalization;

namespace Optimus.Core.Billing;

/// <summary>
/// An owner's electricity tariff: a base price per kWh and, optionally, a time-of-use peak window in their local time
/// with its own price. Used to reimburse the energy a vehicle drew serving a job, at what that energy cost its owner.
/// </summary>
/// <remarks>
/// Text form, dollars per kWh: <c>0.15</c> for a flat rate, <c>0.15 peak=0.4@16-21</c> for $0.40 from 16:00 to
/// 21:00 local time and $0.15 otherwise.
/// </remarks>
public sealed record Tariff
{
    private const string PeakKey = "peak=";
    private const long MilliWattHoursPerKWh = 1_000_000;

    /// <param name="baseNanoDollarsPerKWh">Price outside the peak window (or always, without one).</param>
    /// <param name="peak">The optional time-of-use peak window.</param>
    public Tariff(long baseNanoDollarsPerKWh, PeakWindow? peak = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baseNanoDollarsPerKWh);
        BaseNanoDollarsPerKWh = baseNanoDollarsPerKWh;
        Peak = peak;
    }

    /// <summary>
    /// $0.15/kWh flat, the US residential average the simulator assumes (shared/data/fleet/parameters.md, row 23 and
    /// "Electricity" under the derived starting points).
    /// </summary>
    public static Tariff Default { get; } = new(150_000_000);

    public long BaseNanoDollarsPerKWh { get; }

    public PeakWindow? Peak { get; }

    /// <summary>The price at instant <paramref name="utc"/>, judged by the local hour in <paramref name="zone"/>, in nanodollars per kWh.</summary>
    public long PriceAt(DateTimeOffset utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (Peak is null)
        {
            return BaseNanoDollarsPerKWh;
        }

        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return Peak.Contains(local.Hour) ? Peak.NanoDollarsPerKWh : BaseNanoDollarsPerKWh;
    }

    /// <summary>
    /// What <paramref name="milliWattHours"/> cost at the price in force at <paramref name="utc"/>, in nanodollars,
    /// rounded half away from zero (mWh × nanodollars per kWh / 1,000,000, exact).
    /// </summary>
    public long EnergyCost(long milliWattHours, DateTimeOffset utc, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliWattHours);
        var exact = (Int128)milliWattHours * PriceAt(utc, zone);
        return checked((long)((exact + MilliWattHoursPerKWh / 2) / MilliWattHoursPerKWh));
    }

    /// <summary>Reads the text form (see the type's remarks).</summary>
    /// <exception cref="FormatException">The text is not a tariff.</exception>
    public static Tariff Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 1 or > 2 || !DollarText.TryParseNanoDollars(fields[0], out var basePrice))
        {
            throw Invalid(text);
        }

        if (fields.Length == 1)
        {
            return new Tariff(basePrice);
        }

        var peak = fields[1];
        var at = peak.IndexOf('@', StringComparison.Ordinal);
        var dash = peak.IndexOf('-', StringComparison.Ordinal);
        if (!peak.StartsWith(PeakKey, StringComparison.Ordinal) || at < 0 || dash < at
            || !DollarText.TryParseNanoDollars(peak[PeakKey.Length..at], out var peakPrice)
            || !int.TryParse(peak[(at + 1)..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !int.TryParse(peak[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            || start > 23 || end > 24 || end % 24 == start)
        {
            throw Invalid(text);
        }

        return new Tariff(basePrice, new PeakWindow(start, end, peakPrice));
    }

    /// <summary>The text form; <see cref="Parse"/> reads it back unchanged.</summary>
    public override string ToString() => Peak is null
        ? DollarText.FormatNanoDollars(BaseNanoDollarsPerKWh)
        : string.Create(
            CultureInfo.InvariantCulture,
            $"{DollarText.FormatNanoDollars(BaseNanoDollarsPerKWh)} {PeakKey}{DollarText.FormatNanoDollars(Peak.NanoDollarsPerKWh)}@{Peak.StartHour}-{Peak.EndHour}");

    private static FormatException Invalid(string text) =>
        new($"'{text}' is not a tariff: expected dollars per kWh such as '0.15', optionally with a peak window such as '0.15 peak=0.4@16-21' (local hours, end exclusive, may wrap midnight).");
}
