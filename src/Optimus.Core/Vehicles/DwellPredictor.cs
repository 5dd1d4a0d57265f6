namespace Optimus.Core.Vehicles;

/// <summary>
/// Predicts how much longer a stationary vehicle will stay, from its own history: the times of day (owner's local time)
/// at which it left on the same weekday before. It answers with the median of past departures still ahead today, or,
/// with none ahead, the median first departure of the next day; without history, a conservative default.
/// </summary>
public sealed class DwellPredictor(int historyPerWeekday = 8)
{
    private readonly List<int>[] _departures = Enumerable.Range(0, 7).Select(_ => new List<int>()).ToArray();

    public static TimeSpan Unknown { get; } = TimeSpan.FromMinutes(30);

    /// <summary>Records that the vehicle left (unplugged or drove away) at <paramref name="local"/>.</summary>
    public void RecordDeparture(DateTimeOffset local)
    {
        var list = _departures[(int)local.DayOfWeek];
        list.Add((local.Hour * 60) + local.Minute);
        if (list.Count > historyPerWeekday)
        {
            list.RemoveAt(0);
        }
    }

    public TimeSpan PredictRemaining(DateTimeOffset local)
    {
        var minute = (local.Hour * 60) + local.Minute;
        var today = _departures[(int)local.DayOfWeek].Where(m => m > minute).ToList();
        if (today.Count > 0)
        {
            return TimeSpan.FromMinutes(Median(today) - minute);
        }

        var tomorrow = _departures[((int)local.DayOfWeek + 1) % 7];
        return tomorrow.Count > 0 ? TimeSpan.FromMinutes((24 * 60) - minute + Median(tomorrow)) : Unknown;
    }

    private static double Median(List<int> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
