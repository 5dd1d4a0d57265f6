using Optimus.Core.Vehicles;

namespace Optimus.Abstractions;

/// <summary>The wire form of <see cref="OwnerPolicy"/>; hours travel as their rule text (for example "mon-fri 22-07").</summary>
[GenerateSerializer, Immutable, Alias("optimus.owner-policy")]
public sealed record OwnerPolicyState(
    [property: Id(0)] bool PluggedInOnly,
    [property: Id(1)] double ChargeFloor,
    [property: Id(2)] string Hours,
    [property: Id(3)] string TimeZoneId,
    [property: Id(4)] double DailyEnergyCapWh,
    [property: Id(5)] bool OptedOut,
    [property: Id(6)] string[] Categories)
{
    public static OwnerPolicyState Default { get; } = From(OwnerPolicy.Default);

    /// <summary>The Core policy; throws <see cref="FormatException"/> for malformed hours.</summary>
    public OwnerPolicy ToPolicy() => new(
        PluggedInOnly,
        ChargeFloor,
        string.IsNullOrWhiteSpace(Hours) ? null : WeeklyHours.Parse(Hours),
        string.IsNullOrWhiteSpace(TimeZoneId) ? "UTC" : TimeZoneId,
        DailyEnergyCapWh,
        OptedOut,
        Categories.Length == 0 ? null : Categories.ToHashSet(StringComparer.Ordinal));

    public static OwnerPolicyState From(OwnerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new(policy.PluggedInOnly, policy.ChargeFloor, policy.Hours?.ToString() ?? string.Empty, policy.TimeZoneId,
            policy.DailyEnergyCapWh, policy.OptedOut, policy.Categories?.Order(StringComparer.Ordinal).ToArray() ?? []);
    }
}
