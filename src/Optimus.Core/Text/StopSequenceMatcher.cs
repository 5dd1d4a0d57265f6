namespace Optimus.Core.Text;

/// <summary>
/// Applies stop sequences to text that arrives piece by piece. Text that could be the start of a stop sequence is held
/// back until it either completes the sequence (generation stops, the sequence is dropped) or cannot (it is released),
/// so a client never sees part of a stop sequence.
/// </summary>
public sealed class StopSequenceMatcher
{
    private readonly string[] _stops;
    private readonly System.Text.StringBuilder _held = new();

    public StopSequenceMatcher(IReadOnlyList<string>? stops)
    {
        _stops = stops?.Where(s => s.Length > 0).ToArray() ?? [];
    }

    /// <summary>True once a stop sequence has matched; later input is ignored.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds a piece of generated text and returns the text that is safe to emit now.</summary>
    public string Push(string piece)
    {
        ArgumentNullException.ThrowIfNull(piece);
        if (Stopped)
        {
            return string.Empty;
        }

        if (_stops.Length == 0)
        {
            return piece;
        }

        _held.Append(piece);
        var text = _held.ToString();
        var stopAt = FirstStop(text);
        if (stopAt >= 0)
        {
            Stopped = true;
            _held.Clear();
            return text[..stopAt];
        }

        var keep = LongestPrefixSuffix(text);
        _held.Clear().Append(text, text.Length - keep, keep);
        return text[..^keep];
    }

    /// <summary>Releases whatever is held back when generation ends without a match.</summary>
    public string Flush()
    {
        var rest = Stopped ? string.Empty : _held.ToString();
        _held.Clear();
        return rest;
    }

    private int FirstStop(string text)
    {
        var first = -1;
        foreach (var stop in _stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        return first;
    }

    // The length of the longest suffix of text that is a proper prefix of some stop sequence.
    private int LongestPrefixSuffix(string text)
    {
        var best = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > best; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    best = length;
                    break;
                }
            }
        }

        return best;
    }
}
