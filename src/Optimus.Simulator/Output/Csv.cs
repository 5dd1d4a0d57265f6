using System.Globalization;
using System.Text;

namespace Optimus.Simulator.Output;

/// <summary>
/// Fixed, culture-invariant number formatting and a small CSV builder, so the same run writes the same bytes on every
/// machine: "\n" line ends, fixed decimals, and an empty field for a value that does not exist (NaN, infinity).
/// </summary>
internal sealed class Csv
{
    private readonly StringBuilder _text = new();
    private bool _lineStarted;

    public Csv(params string[] header)
    {
        foreach (var h in header)
        {
            Add(h);
        }

        EndRow();
    }

    public static string Number(double value, int decimals) =>
        double.IsFinite(value) ? (Math.Round(value, decimals) + 0.0).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : string.Empty;

    public Csv Add(string value)
    {
        if (_lineStarted)
        {
            _text.Append(',');
        }

        _text.Append(value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value);
        _lineStarted = true;
        return this;
    }

    public Csv Add(double value, int decimals) => Add(Number(value, decimals));

    public Csv Add(long value) => Add(value.ToString(CultureInfo.InvariantCulture));

    public Csv Add(bool value) => Add(value ? "1" : "0");

    public void EndRow()
    {
        _text.Append('\n');
        _lineStarted = false;
    }

    public override string ToString() => _text.ToString();

    public void Write(string path) => File.WriteAllText(path, _text.ToString(), new UTF8Encoding(false));
}
