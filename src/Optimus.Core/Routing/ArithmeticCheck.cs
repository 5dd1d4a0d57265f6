namespace Optimus.Core.Routing;

/// <summary>
/// Checks the arithmetic a worked answer writes down: GSM8K calculator annotations <c>&lt;&lt;a*b=c&gt;&gt;</c> and
/// inline equations such as <c>16 - 3 = 13</c>. A small model that miscalculates, or breaks off mid-calculation, is
/// usually wrong; this is the cheapest after-generation confidence signal there is.
/// </summary>
public static class ArithmeticCheck
{
    private static readonly System.Buffers.SearchValues<char> Operators = System.Buffers.SearchValues.Create("+-*/×÷xX");

    /// <summary>Checks every calculation in <paramref name="text"/>.</summary>
    public static ArithmeticTally Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = new Tally();
        var prose = text.ToCharArray();
        var searchFrom = 0;
        while (true)
        {
            var open = text.IndexOf("<<", searchFrom, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf(">>", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            CheckAnnotation(text.AsSpan(open + 2, close - open - 2), open, ref state);
            // Blank the annotation out of the prose so that "$<<9*2=18>>18" reads "$ ... 18" to the inline pass,
            // keeping positions so that the last calculation can be told by position.
            Array.Fill(prose, ' ', open, close + 2 - open);
            searchFrom = close + 2;
        }

        CheckInlineEquations(prose, ref state);
        return new ArithmeticTally(state.Annotations, state.AnnotationErrors, state.Unchecked, state.Equations,
            state.EquationErrors, state.LastPosition >= 0 ? state.LastResult : null);
    }

    private static void CheckAnnotation(ReadOnlySpan<char> body, int position, ref Tally state)
    {
        foreach (var partRange in body.Split(';'))
        {
            var part = body[partRange];
            if (part.IsWhiteSpace())
            {
                continue;
            }

            var segments = new List<Range>();
            foreach (var segment in part.Split('='))
            {
                segments.Add(segment);
            }

            if (segments.Count < 2 || !ArithmeticExpression.TryEvaluate(part[segments[0]], out var value))
            {
                state.Unchecked++;
                continue;
            }

            var ok = true;
            for (var i = 1; i < segments.Count && ok; i++)
            {
                ok = SidesAgree(value, part[segments[i]], out var next);
                value = next ?? value;
            }

            state.Annotations++;
            state.AnnotationErrors += ok ? 0 : 1;
            state.Record(position, value);
        }
    }

    private static void CheckInlineEquations(char[] prose, ref Tally state)
    {
        var text = prose.AsSpan();
        for (var i = 1; i < text.Length - 1; i++)
        {
            if (text[i] != '=' || text[i - 1] is '=' or '<' or '>' or '!' || text[i + 1] is '=' or '>')
            {
                continue;
            }

            var start = i;
            while (start > 0 && IsArithmeticChar(text[start - 1]))
            {
                start--;
            }

            var left = TrimToExpressionStart(text[start..i]);
            if (!HasOperator(left) || !ArithmeticExpression.TryEvaluate(left, out var value))
            {
                continue;
            }

            var end = i + 1;
            while (end < text.Length && IsArithmeticChar(text[end]))
            {
                end++;
            }

            var right = text[(i + 1)..end];
            if (!NumberText.TryReadLeading(right, out _, out _, out _) && !ArithmeticExpression.TryEvaluate(right, out _))
            {
                continue;
            }

            var ok = SidesAgree(value, right, out var result);
            state.Equations++;
            state.EquationErrors += ok ? 0 : 1;
            state.Record(i, result ?? value);
        }
    }

    /// <summary>
    /// Whether the written right side agrees with the computed left value: either the whole right side evaluates to
    /// it, or the right side starts with it and goes on calculating ("90/450=0.2*100=20").
    /// </summary>
    private static bool SidesAgree(double computed, ReadOnlySpan<char> written, out double? writtenValue)
    {
        writtenValue = null;
        var hasLeading = NumberText.TryReadLeading(written, out var leading, out var decimals, out var consumed);
        if (ArithmeticExpression.TryEvaluate(written, out var whole))
        {
            writtenValue = whole;
            var isLiteral = hasLeading && written[consumed..].Trim().IsEmpty;
            if (NumberText.Matches(computed, whole, isLiteral ? decimals : 2))
            {
                return true;
            }
        }

        return hasLeading && NumberText.Matches(computed, leading, decimals);
    }

    private static ReadOnlySpan<char> TrimToExpressionStart(ReadOnlySpan<char> span)
    {
        var first = 0;
        while (first < span.Length && !(char.IsAsciiDigit(span[first]) || span[first] is '(' or '$' or '-'))
        {
            first++;
        }

        return span[first..].Trim();
    }

    private static bool HasOperator(ReadOnlySpan<char> expression)
    {
        // A leading minus sign alone is a negative number, not a calculation.
        return expression.Length > 1 && expression[1..].IndexOfAny(Operators) >= 0;
    }

    private static bool IsArithmeticChar(char c) =>
        char.IsAsciiDigit(c) || c is '.' or ',' or '$' or '+' or '-' or '*' or '/' or '×' or '÷' or 'x' or 'X'
            or '(' or ')' or ' ' or '%' or '\\';

    private struct Tally
    {
        public int Annotations;
        public int AnnotationErrors;
        public int Unchecked;
        public int Equations;
        public int EquationErrors;
        public double LastResult;
        public int LastPosition;

        public Tally() => LastPosition = -1;

        public void Record(int position, double value)
        {
            if (position >= LastPosition)
            {
                LastPosition = position;
                LastResult = value;
            }
        }
    }
}
