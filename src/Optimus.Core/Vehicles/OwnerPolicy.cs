namespace Optimus.Core.Vehicles;

/// <summary>
/// The rules an owner sets for lending their car. The coordinator enforces them at every placement, and the agent
/// drains its jobs the moment they stop holding.
/// </summary>
/// <param name="PluggedInOnly">Serve only while a charger is connected (default on: serving never drains the battery).</param>
/// <param name="ChargeFloor">Never serve below this state of charge (0 to 1).</param>
/// <param name="Hours">When serving is allowed, in the owner's time zone; null allows every hour.</param>
/// <param name="TimeZoneId">The owner's IANA time zone (for example America/Los_Angeles).</param>
/// <param name="DailyEnergyCapWh">Most energy per local day the car may spend on compute; 0 for no cap.</param>
/// <param name="OptedOut">Instant opt-out: no work at all.</param>
/// <param name="Categories">Job categories the owner allows; null allows all.</param>
public sealed record OwnerPolicy(
    bool PluggedInOnly = true,
    double ChargeFloor = 0.5,
    WeeklyHours? Hours = null,
    string TimeZoneId = "UTC",
    double DailyEnergyCapWh = 0,
    bool OptedOut = false,
    IReadOnlySet<string>? Categories = null)
{
    public static OwnerPolicy Default { get; } = new();

    public bool AllowsCategory(string category) => Categories is null || Categories.Contains(category);

    /// <summary>The owner's local time for <paramref name="utc"/>; an unknown zone counts as UTC.</summary>
    public DateTimeOffset LocalTime(DateTimeOffset utc)
    {
        if (TimeZoneId == "UTC" || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out var zone))
        {
            return utc.ToUniversalTime();
        }

        return TimeZoneInfo.ConvertTime(utc, zone);
    }
}
