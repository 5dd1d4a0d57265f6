namespace Optimus.Core.Vehicles;

/// <summary>
/// Allowed hours per weekday as a 7 × 24 bit mask (bit h of day d: hour h of weekday d is allowed). Parsed from text
/// like <c>"mon-fri 22-07; sat,sun 0-24"</c>, where a range that wraps midnight runs into the next day.
/// </summary>
public sealed class WeeklyHours : IEquatable<WeeklyHours>
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private readonly int[] _masks;

    private readonly string _text;

    private WeeklyHours(int[] masks, string text)
    {
        _masks = masks;
        _text = text;
    }

    public static WeeklyHours Always { get; } = new(Enumerable.Repeat((1 << 24) - 1, 7).ToArray(), "sun-sat 0-24");

    public bool Allows(DayOfWeek day, int hour) => (_masks[(int)day] & (1 << hour)) != 0;

    public bool Allows(DateTimeOffset local) => Allows(local.DayOfWeek, local.Hour);

    /// <summary>Parses "DAYS START-END[; ...]"; throws <see cref="FormatException"/> with the offending part.</summary>
    public static WeeklyHours Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masks = new int[7];
        foreach (var rule in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = rule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2)
            {
                throw new FormatException($"'{rule}' is not of the form 'mon-fri 22-07'.");
            }

            var hours = parts[1].Split('-');
            if (hours.Length != 2 || !int.TryParse(hours[0], out var start) || !int.TryParse(hours[1], out var end) ||
                start is < 0 or > 23 || end is < 0 or > 24 || start == end)
            {
                throw new FormatException($"'{parts[1]}' is not an hour range such as 22-07 or 0-24.");
            }

            foreach (var day in Days(parts[0]))
            {
                for (var h = start; h != end; h = (h + 1) % 24)
                {
                    // Hours after midnight of a wrapping range belong to the next day.
                    var d = h < start ? (day + 1) % 7 : day;
                    masks[d] |= 1 << h;
                    if (h == 23 && end == 24)
                    {
                        break;
                    }
                }
            }
        }

        return new WeeklyHours(masks, text.Trim());
    }

    /// <summary>The rule text this was parsed from; <see cref="Parse"/> of it gives an equal value.</summary>
    public override string ToString() => _text;

    public bool Equals(WeeklyHours? other) => other is not null && _masks.AsSpan().SequenceEqual(other._masks);

    public override bool Equals(object? obj) => Equals(obj as WeeklyHours);

    public override int GetHashCode() => HashCode.Combine(_masks[0], _masks[1], _masks[6]);

    private static IEnumerable<int> Days(string spec)
    {
        foreach (var item in spec.ToLowerInvariant().Split(','))
        {
            var range = item.Split('-');
            var first = DayIndex(range[0]);
            var last = range.Length == 2 ? DayIndex(range[1]) : first;
            for (var d = first; ; d = (d + 1) % 7)
            {
                yield return d;
                if (d == last)
                {
                    break;
                }
            }
        }
    }

    private static int DayIndex(string name)
    {
        var index = Array.IndexOf(DayNames, name.Length >= 3 ? name[..3] : name);
        return index >= 0 ? index : throw new FormatException($"'{name}' is not a weekday (mon, tue, ... sun).");
    }
}
