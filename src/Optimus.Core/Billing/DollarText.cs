using System.Globalization;

namespace Optimus.Core.Billing;

/// <summary>
/// Exact conversions between the decimal dollar amounts people write in price files (<c>0.05</c>, <c>50%</c>) and the
/// integers Core computes with. Anything finer than a nanodollar (or a basis point) is refused rather than rounded.
/// </summary>
internal static class DollarText
{
    private const int NanoDigits = 9;

    /// <summary>Parses a non-negative decimal dollar amount, e.g. <c>0.05</c>, into whole nanodollars.</summary>
    public static bool TryParseNanoDollars(string text, out long nanoDollars) =>
        TryParseScaled(text, NanoDigits, out nanoDollars);

    /// <summary>Parses a percentage such as <c>50%</c> or <c>12.5%</c> into basis points.</summary>
    public static bool TryParsePercentBasisPoints(string text, out int basisPoints)
    {
        basisPoints = 0;
        if (!text.EndsWith('%') || !TryParseScaled(text[..^1], 2, out var scaled) || scaled > 10_000)
        {
            return false;
        }

        basisPoints = (int)scaled;
        return true;
    }

    /// <summary>Writes nanodollars as a dollar amount with no trailing zeros, e.g. 50,000,000 as <c>0.05</c>.</summary>
    public static string FormatNanoDollars(long nanoDollars) =>
        (nanoDollars / (decimal)Economics.NanoDollars.PerDollar).ToString("0.#########", CultureInfo.InvariantCulture);

    /// <summary>Writes basis points as a percentage, e.g. 5000 as <c>50%</c>.</summary>
    public static string FormatPercent(int basisPoints) =>
        (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    /// <summary>Parses an unsigned decimal and multiplies it by 10^<paramref name="digits"/>, refusing any remainder.</summary>
    private static bool TryParseScaled(string text, int digits, out long scaled)
    {
        scaled = 0;
        var point = text.IndexOf('.', StringComparison.Ordinal);
        if (point >= 0 && text[(point + 1)..].TrimEnd('0').Length > digits)
        {
            return false;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var factor = 1m;
        for (var i = 0; i < digits; i++)
        {
            factor *= 10m;
        }

        if (value > long.MaxValue / factor)
        {
            return false;
        }

        var product = value * factor;
        if (decimal.Truncate(product) != product)
        {
            return false;
        }

        scaled = (long)product;
        return true;
    }
}
