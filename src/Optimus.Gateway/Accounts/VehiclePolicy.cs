using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Optimus.Abstractions;
using Optimus.Core.Placement;
using Optimus.Core.Vehicles;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// The rules an owner sets for one enrolled vehicle, as stored (JSON in <c>enrolled_vehicles.policy_json</c>). Once
/// stored, the coordinator enforces it instead of the policy the vehicle's agent reports (see
/// <see cref="EnrolledPolicies"/>). Hours are read in the owner's time zone. Every value is checked by the Core parsers
/// before it is stored, so a stored policy always converts.
/// </summary>
/// <param name="PluggedInOnly">Serve only while a charger is connected.</param>
/// <param name="ChargeFloor">Never serve below this state of charge, 0 to 1.</param>
/// <param name="Hours">When serving is allowed, e.g. <c>mon-fri 22-07; sat,sun 0-24</c>; null allows every hour.</param>
/// <param name="DailyEnergyCapWh">Most energy per local day spent on compute; 0 for no cap.</param>
/// <param name="OptedOut">No work at all.</param>
/// <param name="Categories">Job categories allowed (<see cref="JobCategories"/>); null allows all.</param>
public sealed record VehiclePolicy(
    bool PluggedInOnly = true,
    double ChargeFloor = 0.5,
    string? Hours = null,
    double DailyEnergyCapWh = 0,
    bool OptedOut = false,
    IReadOnlyList<string>? Categories = null)
{
    /// <summary>The job categories an owner may name.</summary>
    public static IReadOnlyList<string> KnownCategories { get; } = [JobCategories.Interactive, JobCategories.Batch];

    /// <summary>What an unset policy means: the Core default (plugged in only, 50% floor, every hour, every category).</summary>
    public static VehiclePolicy Default { get; } = new();

    internal static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>This policy with the owner's <paramref name="timeZone"/>, in the form the vehicle grain takes.</summary>
    public OwnerPolicyState ToState(string timeZone) => OwnerPolicyState.From(new OwnerPolicy(
        PluggedInOnly,
        ChargeFloor,
        Hours is null ? null : WeeklyHours.Parse(Hours),
        timeZone,
        DailyEnergyCapWh,
        OptedOut,
        Categories?.ToHashSet(StringComparer.Ordinal)));

    /// <summary>Checks every field; returns this policy with hours and categories in their canonical form.</summary>
    /// <exception cref="AccountsException">A field is out of range or does not parse; the message names it.</exception>
    public VehiclePolicy Validated()
    {
        if (!double.IsFinite(ChargeFloor) || ChargeFloor is < 0 or > 1)
        {
            throw new AccountsException(string.Create(CultureInfo.InvariantCulture,
                $"The charge floor must be a state of charge between 0 and 1 (0.3 is 30%); got {ChargeFloor}."));
        }

        if (!double.IsFinite(DailyEnergyCapWh) || DailyEnergyCapWh < 0)
        {
            throw new AccountsException(string.Create(CultureInfo.InvariantCulture,
                $"The daily energy cap must be 0 (no cap) or a positive number of watt-hours; got {DailyEnergyCapWh}."));
        }

        string? hours = null;
        if (!string.IsNullOrWhiteSpace(Hours) && !Hours.Trim().Equals("always", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                hours = WeeklyHours.Parse(Hours).ToString();
            }
            catch (Exception ex) when (ex is FormatException or IndexOutOfRangeException or ArgumentException)
            {
                throw new AccountsException(
                    $"The hours '{Hours}' are not valid: {ex.Message} Write days and local hours such as 'mon-fri 22-07; sat,sun 0-24', or 'always'.", ex);
            }
        }

        IReadOnlyList<string>? categories = null;
        if (Categories is { Count: > 0 } && !(Categories.Count == 1 && Categories[0] == "all"))
        {
            var unknown = Categories.Where(c => !KnownCategories.Contains(c)).ToList();
            if (unknown.Count > 0)
            {
                throw new AccountsException(
                    $"Unknown job categories: {string.Join(", ", unknown)}. Allow any of {string.Join(", ", KnownCategories)}, or 'all'.");
            }

            categories = [.. Categories.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        return this with { Hours = hours, Categories = categories };
    }

    internal string ToJson() => JsonSerializer.Serialize(this, Json);

    internal static VehiclePolicy FromJson(string json) => JsonSerializer.Deserialize<VehiclePolicy>(json, Json)
        ?? throw new JsonException("A stored vehicle policy is null.");
}

/// <summary>
/// A change an owner makes to a vehicle's policy: fields left null keep their stored value (or the default, for a
/// vehicle without a policy). Hours <c>always</c> (or empty) allow every hour; categories <c>[]</c> or <c>["all"]</c>
/// allow every category.
/// </summary>
public sealed record VehiclePolicyChange(
    string? Hours = null,
    double? ChargeFloor = null,
    bool? PluggedInOnly = null,
    bool? OptedOut = null,
    IReadOnlyList<string>? Categories = null,
    double? DailyEnergyCapWh = null)
{
    /// <summary><paramref name="current"/> with this change applied, validated.</summary>
    /// <exception cref="AccountsException">The result is not a valid policy.</exception>
    public VehiclePolicy ApplyTo(VehiclePolicy current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new VehiclePolicy(
            PluggedInOnly ?? current.PluggedInOnly,
            ChargeFloor ?? current.ChargeFloor,
            Hours ?? current.Hours,
            DailyEnergyCapWh ?? current.DailyEnergyCapWh,
            OptedOut ?? current.OptedOut,
            Categories ?? current.Categories).Validated();
    }
}
