using System.Globalization;

namespace Optimus.Core.Routing;

/// <summary>Reads the numbers that answers write: <c>$1,200.50</c>, <c>-3</c>, <c>12.</c>.</summary>
internal static class NumberText
{
    /// <summary>
    /// Reads the number at the start of <paramref name="text"/> after spaces and a currency sign.
    /// <paramref name="decimals"/> is how many digits follow the decimal point, which says how far the writer rounded.
    /// </summary>
    public static bool TryReadLeading(ReadOnlySpan<char> text, out double value, out int decimals, out int consumed)
    {
        value = 0;
        decimals = 0;
        var position = 0;
        while (position < text.Length && text[position] is ' ' or '$' or '\\')
        {
            position++;
        }

        var negative = false;
        if (position < text.Length && text[position] == '-')
        {
            negative = true;
            position++;
            while (position < text.Length && text[position] == '$')
            {
                position++;
            }
        }

        Span<char> digits = stackalloc char[48];
        var length = 0;
        var afterPoint = -1;
        while (position < text.Length && length < digits.Length)
        {
            var c = text[position];
            if (char.IsAsciiDigit(c))
            {
                digits[length++] = c;
                if (afterPoint >= 0)
                {
                    afterPoint++;
                }
            }
            else if (c == '.' && afterPoint < 0 && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1]))
            {
                digits[length++] = c;
                afterPoint = 0;
            }
            else if (c != ',' || length == 0 || afterPoint >= 0 || !IsThousandsGroup(text, position + 1))
            {
                break;
            }

            position++;
        }

        consumed = position;
        if (length == 0 || !double.TryParse(digits[..length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        value = negative ? -value : value;
        decimals = Math.Max(afterPoint, 0);
        return true;
    }

    /// <summary>
    /// Whether a written result matches a computed one, allowing the rounding its decimals imply
    /// (<c>32/3=10.67</c> and <c>7/2=3.5</c> check out; <c>5*3=16</c> does not).
    /// </summary>
    public static bool Matches(double computed, double written, int writtenDecimals)
    {
        var tolerance = (0.5 * Math.Pow(10, -writtenDecimals)) + (1e-9 * Math.Max(Math.Abs(computed), Math.Abs(written)));
        return Math.Abs(computed - written) <= tolerance;
    }

    private static bool IsThousandsGroup(ReadOnlySpan<char> text, int start) =>
        start + 3 <= text.Length
        && char.IsAsciiDigit(text[start]) && char.IsAsciiDigit(text[start + 1]) && char.IsAsciiDigit(text[start + 2])
        && (start + 3 == text.Length || !char.IsAsciiDigit(text[start + 3]));
}
