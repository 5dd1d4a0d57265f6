namespace Optimus.Simulator.Config;

/// <summary>
/// Every parameter of a simulation run except its size, length and seed (<see cref="RunSettings"/>). Each default
/// names its source: a row of ../shared/data/fleet/parameters.md (#n), or "assumption" where no public figure exists.
/// A JSON file overrides any subset (<see cref="ConfigLoader"/>); docs/simulator.md lists them all.
/// </summary>
public sealed record SimulationConfig
{
    /// <summary>Simulated start (UTC). A Monday in June: a full week, no daylight-saving change inside it.</summary>
    public DateTimeOffset Start { get; init; } = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public FleetConfig Fleet { get; init; } = new();

    /// <summary>Regions, each with its time zone, share of the fleet and electricity price.</summary>
    public IReadOnlyList<RegionConfig> Regions { get; init; } = RegionConfig.Defaults;

    public ChargingConfig Charging { get; init; } = new();

    public TripConfig Trips { get; init; } = new();

    public PolicyConfig Policies { get; init; } = new();

    public RobotaxiConfig Robotaxi { get; init; } = new();

    public WorkloadConfig Workload { get; init; } = new();

    public DeviceConfig Device { get; init; } = new();

    public EconomicsConfig Economics { get; init; } = new();

    public static SimulationConfig Default { get; } = new();
}
