namespace Optimus.Simulator.Config;

/// <summary>
/// The rules opted-in owners set, turned into Core's OwnerPolicy. All are assumptions: no public data exists on how
/// owners would configure such a program; Core's default floor is 50%.
/// </summary>
public sealed record PolicyConfig
{
    /// <summary>Charge floors with their shares among opted-in owners.</summary>
    public IReadOnlyList<ChargeFloorShare> ChargeFloors { get; init; } = [new(0.3, 0.3), new(0.5, 0.5), new(0.7, 0.2)];

    /// <summary>Share of opted-in owners who allow serving only in <see cref="Hours"/>.</summary>
    public double HoursShare { get; init; } = 0.3;

    /// <summary>Allowed hours (Core's WeeklyHours syntax) for those owners: overnight, as VPP programmes ask.</summary>
    public string Hours { get; init; } = "sun-sat 22-07";

    /// <summary>Share of opted-in owners with a daily energy cap.</summary>
    public double EnergyCapShare { get; init; } = 0.1;

    /// <summary>Their cap, Wh of compute per local day.</summary>
    public double DailyEnergyCapWh { get; init; } = 3000;

    /// <summary>Serve only while plugged in (Core's default, so serving never drains a private car's battery).</summary>
    public bool PluggedInOnly { get; init; } = true;
}
