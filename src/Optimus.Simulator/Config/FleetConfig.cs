namespace Optimus.Simulator.Config;

/// <summary>Who is in the fleet: home-charging access, owners' opt-in, robotaxis and the hardware mix.</summary>
public sealed record FleetConfig
{
    /// <summary>Share of owners who can charge at home: 86% (#17, range 80–86%).</summary>
    public double HomeChargingAccess { get; init; } = 0.86;

    /// <summary>Share of private owners who lend their car: assumption (no public figure; the sweep spans it).</summary>
    public double OptInRate { get; init; } = 0.25;

    /// <summary>Share of the fleet that is fleet-owned Cybercabs: assumption (volume from April 2026, ≥2M/yr target, #14).</summary>
    public double RobotaxiShare { get; init; } = 0.05;

    /// <summary>Hardware mix by profile name: all AI4 with 8 GB per die, the seed's figure (#4 says default to it).</summary>
    public IReadOnlyList<HardwareShare> Hardware { get; init; } = [new("ai4-8gb", 1.0)];
}
