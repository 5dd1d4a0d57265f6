namespace Optimus.Simulator.Model;

/// <summary>
/// One vehicle's state, 40 bytes. Vehicles are stored as an array of these (not an object each, and not one array per
/// field): an event touches one vehicle, and with its fields together that is one cache miss instead of a dozen.
/// </summary>
internal struct VehicleRecord
{
    /// <summary>When the current plug-in session began (charging is computed from it lazily, with no events).</summary>
    public long PlugSince;

    /// <summary>State of charge at <see cref="PlugSince"/> while plugged in, else now.</summary>
    public float Soc;

    /// <summary>Chance of plugging in on arriving home (the car's nights-per-week habit / 7).</summary>
    public float PlugProbability;

    /// <summary>Index in the serving sample, or −1 for a vehicle whose availability is simulated but that takes no work.</summary>
    public int Server;

    /// <summary>Bumped at every evaluation, so a pending recheck scheduled before it is ignored.</summary>
    public int RecheckVersion;

    /// <summary>Index into the run's table of Core OwnerPolicy instances.</summary>
    public short Policy;

    public byte Region;

    /// <summary>Index into the config's hardware mix.</summary>
    public byte Hardware;

    public MobilityState State;

    public bool IsRobotaxi;

    public bool HomeAccess;

    public bool Plugged;

    /// <summary>Core's Availability.Evaluate said yes at the vehicle's last evaluation.</summary>
    public bool Available;
}
