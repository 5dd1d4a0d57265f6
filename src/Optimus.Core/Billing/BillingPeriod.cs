using System.Globalization;

namespace Optimus.Core.Billing;

/// <summary>
/// A calendar month in UTC, the period customers are invoiced for and owners' earnings are totalled over. It runs from
/// <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive); its text form is <c>yyyy-MM</c>, e.g. <c>2026-11</c>.
/// </summary>
public sealed record BillingPeriod
{
    /// <param name="year">1..9999.</param>
    /// <param name="month">1..12.</param>
    public BillingPeriod(int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        Year = year;
        Month = month;
    }

    public int Year { get; }

    public int Month { get; }

    /// <summary>The first instant of the month, midnight UTC on the 1st.</summary>
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The first instant after the month (the next month's <see cref="Start"/>); <see cref="DateTimeOffset.MaxValue"/> for 9999-12.</summary>
    public DateTimeOffset End => Year == 9999 && Month == 12 ? DateTimeOffset.MaxValue : Start.AddMonths(1);

    /// <summary>The period containing <paramref name="instant"/>, taken in UTC whatever its offset.</summary>
    public static BillingPeriod Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new BillingPeriod(utc.Year, utc.Month);
    }

    /// <summary>Whether <paramref name="instant"/> falls in this period.</summary>
    public bool Contains(DateTimeOffset instant) => Of(instant) == this;

    /// <summary>The following month.</summary>
    /// <exception cref="InvalidOperationException">This is 9999-12.</exception>
    public BillingPeriod Next()
    {
        if (Month < 12)
        {
            return new BillingPeriod(Year, Month + 1);
        }

        return Year < 9999 ? new BillingPeriod(Year + 1, 1) : throw new InvalidOperationException("9999-12 has no next billing period.");
    }

    /// <summary>The preceding month.</summary>
    /// <exception cref="InvalidOperationException">This is 0001-01.</exception>
    public BillingPeriod Previous()
    {
        if (Month > 1)
        {
            return new BillingPeriod(Year, Month - 1);
        }

        return Year > 1 ? new BillingPeriod(Year - 1, 12) : throw new InvalidOperationException("0001-01 has no previous billing period.");
    }

    /// <summary>Reads <c>yyyy-MM</c>, e.g. <c>2026-11</c>.</summary>
    /// <exception cref="FormatException">The text is not a four-digit year, a dash and a two-digit month.</exception>
    public static BillingPeriod Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 7 || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 1 || month is < 1 or > 12)
        {
            throw new FormatException($"'{text}' is not a billing period; expected yyyy-MM, e.g. 2026-11.");
        }

        return new BillingPeriod(year, month);
    }

    /// <summary>The text form, <c>yyyy-MM</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
