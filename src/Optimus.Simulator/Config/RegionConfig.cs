namespace Optimus.Simulator.Config;

/// <summary>A region: a time zone, its share of the fleet (and of demand, which scales with vehicles) and its tariff.</summary>
/// <param name="Name">Label used in CSV and the report.</param>
/// <param name="TimeZone">IANA zone; owners' hours, trips and the demand curve follow its local time.</param>
/// <param name="Share">Relative weight of the fleet in this region.</param>
/// <param name="ElectricityDollarsPerKWh">Owners' tariff, reimbursed for the energy compute uses.</param>
public sealed record RegionConfig(string Name, string TimeZone, double Share, double ElectricityDollarsPerKWh)
{
    /// <summary>US residential average, EIA 2024: $0.1648/kWh (#23).</summary>
    public const double UsAverageTariff = 0.1648;

    /// <summary>PG&amp;E EV2-A off-peak ≈ $0.27–0.33/kWh (#24): California owners pay far more than average.</summary>
    public const double CaliforniaTariff = 0.30;

    /// <summary>
    /// Four US time zones. Shares are an assumption (California holds roughly a third of US Teslas); tariffs from #23/#24.
    /// </summary>
    public static IReadOnlyList<RegionConfig> Defaults { get; } =
    [
        new("us-pacific", "America/Los_Angeles", 0.40, CaliforniaTariff),
        new("us-mountain", "America/Denver", 0.10, UsAverageTariff),
        new("us-central", "America/Chicago", 0.20, UsAverageTariff),
        new("us-eastern", "America/New_York", 0.30, UsAverageTariff),
    ];
}
