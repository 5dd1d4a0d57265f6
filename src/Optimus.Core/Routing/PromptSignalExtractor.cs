using System.Buffers;

namespace Optimus.Core.Routing;

/// <summary>Computes <see cref="PromptSignals"/> from a prompt's text.</summary>
public static class PromptSignalExtractor
{
    private static readonly SearchValues<char> MathChars = SearchValues.Create("=+*/^√∫∑π<>≤≥\\$");

    private static readonly string[] NegationWords = [" not ", " except", " least ", " false", "incorrect", " never ", " cannot "];

    /// <summary>Reads the signals of <paramref name="prompt"/>.</summary>
    public static PromptSignals Extract(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var lines = prompt.Split('\n');
        var options = lines.Where(IsOptionLine).Select(l => l.AsSpan(2).Trim().ToString()).ToArray();
        var firstOption = Array.FindIndex(lines, IsOptionLine);
        var stem = firstOption < 0 ? prompt : string.Join('\n', lines[..firstOption]);

        var numbers = 0;
        var longest = 0;
        var decimals = 0;
        for (var i = 0; i < prompt.Length; i++)
        {
            if (!char.IsAsciiDigit(prompt[i]) || (i > 0 && (char.IsAsciiDigit(prompt[i - 1]) || prompt[i - 1] == '.')))
            {
                continue;
            }

            var end = i;
            var sawPoint = false;
            while (end < prompt.Length && (char.IsAsciiDigit(prompt[end]) || (prompt[end] is '.' or ',' && end + 1 < prompt.Length && char.IsAsciiDigit(prompt[end + 1]))))
            {
                sawPoint |= prompt[end] == '.';
                end++;
            }

            numbers++;
            decimals += sawPoint ? 1 : 0;
            longest = Math.Max(longest, prompt.Skip(i).Take(end - i).Count(char.IsAsciiDigit));
            i = end - 1;
        }

        var mathSymbols = 0;
        foreach (var c in prompt)
        {
            mathSymbols += MathChars.Contains(c) ? 1 : 0;
        }

        var lower = " " + stem.ToLowerInvariant() + " ";
        return new PromptSignals(
            prompt.Length,
            prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
            numbers,
            longest,
            decimals,
            mathSymbols,
            options.Length,
            options.Count(o => o.Length > 0 && (char.IsAsciiDigit(o[0]) || o[0] is '-' or '$')),
            options.Length == 0 ? 0 : options.Average(o => o.Length),
            stem.Length,
            NegationWords.Count(w => lower.Contains(w, StringComparison.Ordinal)),
            stem.Contains("Statement 1", StringComparison.OrdinalIgnoreCase),
            stem.Count(c => c is '.' or '?' or '!'));
    }

    private static bool IsOptionLine(string line) =>
        line.Length >= 2 && line[0] is >= 'A' and <= 'J' && line[1] == '.' && (line.Length == 2 || line[2] == ' ');
}
