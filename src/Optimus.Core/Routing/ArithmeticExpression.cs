using System.Globalization;

namespace Optimus.Core.Routing;

/// <summary>
/// Evaluates the small arithmetic expressions that worked answers write down (<c>3*(300 + 250)</c>,
/// <c>$1,200/4</c>, <c>5\*1.25</c>): numbers, <c>+ - * / ×</c>, unary minus, parentheses and a trailing <c>%</c>.
/// </summary>
/// <remarks>
/// A recursive-descent parser over a string, allocation-free apart from the input: the router runs it on the
/// request path. Anything else (variables, functions, units) makes <see cref="TryEvaluate"/> return false, so a
/// caller can tell "does not check out" from "could not be checked".
/// </remarks>
public static class ArithmeticExpression
{
    private const int MaxDepth = 32;

    /// <summary>Evaluates <paramref name="expression"/>; false when it is not plain arithmetic or divides by zero.</summary>
    public static bool TryEvaluate(ReadOnlySpan<char> expression, out double value)
    {
        var position = 0;
        value = 0;
        if (!TryParseSum(expression, ref position, 0, out var result))
        {
            return false;
        }

        SkipNoise(expression, ref position);
        if (position != expression.Length || double.IsNaN(result) || double.IsInfinity(result))
        {
            return false;
        }

        value = result;
        return true;
    }

    private static bool TryParseSum(ReadOnlySpan<char> text, ref int position, int depth, out double value)
    {
        if (!TryParseProduct(text, ref position, depth, out value))
        {
            return false;
        }

        while (true)
        {
            SkipNoise(text, ref position);
            if (position >= text.Length || (text[position] != '+' && text[position] != '-'))
            {
                return true;
            }

            var op = text[position++];
            if (!TryParseProduct(text, ref position, depth, out var right))
            {
                return false;
            }

            value = op == '+' ? value + right : value - right;
        }
    }

    private static bool TryParseProduct(ReadOnlySpan<char> text, ref int position, int depth, out double value)
    {
        if (!TryParseUnary(text, ref position, depth, out value))
        {
            return false;
        }

        while (true)
        {
            SkipNoise(text, ref position);
            if (position >= text.Length || !IsProductOperator(text[position]))
            {
                return true;
            }

            var divide = text[position++] is '/' or '÷';
            if (!TryParseUnary(text, ref position, depth, out var right))
            {
                return false;
            }

            if (divide && right == 0)
            {
                return false;
            }

            value = divide ? value / right : value * right;
        }
    }

    private static bool TryParseUnary(ReadOnlySpan<char> text, ref int position, int depth, out double value)
    {
        SkipNoise(text, ref position);
        if (position < text.Length && (text[position] == '-' || text[position] == '+'))
        {
            var negate = text[position++] == '-';
            if (!TryParseUnary(text, ref position, depth, out value))
            {
                return false;
            }

            value = negate ? -value : value;
            return true;
        }

        return TryParsePrimary(text, ref position, depth, out value);
    }

    private static bool TryParsePrimary(ReadOnlySpan<char> text, ref int position, int depth, out double value)
    {
        value = 0;
        SkipNoise(text, ref position);
        if (position >= text.Length || depth > MaxDepth)
        {
            return false;
        }

        if (text[position] == '(')
        {
            position++;
            if (!TryParseSum(text, ref position, depth + 1, out value))
            {
                return false;
            }

            SkipNoise(text, ref position);
            if (position >= text.Length || text[position] != ')')
            {
                return false;
            }

            position++;
        }
        else if (!TryParseNumber(text, ref position, out value))
        {
            return false;
        }

        SkipNoise(text, ref position);
        if (position < text.Length && text[position] == '%')
        {
            position++;
            value /= 100;
        }

        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> text, ref int position, out double value)
    {
        var start = position;
        Span<char> digits = stackalloc char[64];
        var length = 0;
        var sawDigit = false;
        while (position < text.Length && length < digits.Length)
        {
            var c = text[position];
            if (char.IsAsciiDigit(c) || c == '.')
            {
                sawDigit |= c != '.';
                digits[length++] = c;
            }
            else if (c == ',' && sawDigit && IsThousandsGroup(text, position + 1))
            {
                // "1,200": a thousands separator, not a list comma.
            }
            else
            {
                break;
            }

            position++;
        }

        value = 0;
        return sawDigit && position > start
            && double.TryParse(digits[..length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsThousandsGroup(ReadOnlySpan<char> text, int start) =>
        start + 3 <= text.Length
        && char.IsAsciiDigit(text[start]) && char.IsAsciiDigit(text[start + 1]) && char.IsAsciiDigit(text[start + 2])
        && (start + 3 == text.Length || !char.IsAsciiDigit(text[start + 3]));

    private static bool IsProductOperator(char c) => c is '*' or '/' or '×' or '÷' or 'x' or 'X';

    // Spaces, currency signs and the backslash that markdown escaping puts before '*' carry no arithmetic.
    private static void SkipNoise(ReadOnlySpan<char> text, ref int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '$' or '\\')
        {
            position++;
        }
    }
}
