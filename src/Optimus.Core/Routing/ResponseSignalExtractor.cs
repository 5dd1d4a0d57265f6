namespace Optimus.Core.Routing;

/// <summary>Computes <see cref="ResponseSignals"/> from a prompt and the edge model's answer to it.</summary>
public static class ResponseSignalExtractor
{
    private static readonly string[] HedgeWords =
    [
        "however", "assum", "approximately", "round", "cannot", "can't", "not possible", "not enough", "unclear",
        "actually", "mistake", "wait", "instead", "estimate", "not specified", "not given",
    ];

    /// <summary>Reads the signals of <paramref name="response"/>, the answer to <paramref name="prompt"/>.</summary>
    public static ResponseSignals Extract(string prompt, string response)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(response);
        var tally = ArithmeticCheck.Check(response);
        var (hasFinal, final) = FindFinalAnswer(response);
        var matchesLast = final is { } f && tally.LastResult is { } last && NumberText.Matches(last, f, 2);
        var inPrompt = final is { } answer && PromptNumbers(prompt).Any(n => Math.Abs(n - answer) < 1e-9);
        var lines = response.Split('\n').Count(l => !string.IsNullOrWhiteSpace(l));
        var hedges = HedgeWords.Sum(w => CountOccurrences(response, w));
        var trimmed = response.TrimEnd();
        var endsCleanly = hasFinal || (trimmed.Length > 0 && trimmed[^1] is '.' or '!' or '?' or ')' or '"');
        return new ResponseSignals(tally, hasFinal, final, matchesLast, inPrompt, response.Length, lines, hedges, endsCleanly);
    }

    /// <summary>The final answer: GSM8K's <c>####</c> marker, else the last "answer is" phrase.</summary>
    internal static (bool Found, double? Value) FindFinalAnswer(string response)
    {
        var marker = response.LastIndexOf("####", StringComparison.Ordinal);
        var start = marker >= 0 ? marker + 4 : -1;
        if (start < 0)
        {
            var phrase = response.LastIndexOf("answer is", StringComparison.OrdinalIgnoreCase);
            start = phrase >= 0 ? phrase + "answer is".Length : -1;
        }

        if (start < 0)
        {
            return (false, null);
        }

        var rest = response.AsSpan(start).TrimStart(" :*\t");
        return NumberText.TryReadLeading(rest, out var value, out _, out _) ? (true, value) : (true, null);
    }

    internal static IEnumerable<double> PromptNumbers(string prompt)
    {
        for (var i = 0; i < prompt.Length; i++)
        {
            if (char.IsAsciiDigit(prompt[i]) && (i == 0 || (!char.IsAsciiDigit(prompt[i - 1]) && prompt[i - 1] != '.'))
                && NumberText.TryReadLeading(prompt.AsSpan(i), out var value, out _, out var consumed))
            {
                yield return value;
                i += Math.Max(consumed - 1, 0);
            }
        }
    }

    private static int CountOccurrences(string text, string word)
    {
        var count = 0;
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(word, at + word.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }
}
