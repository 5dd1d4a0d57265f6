using Optimus.Core.Vehicles;

namespace Optimus.Simulator.Config;

/// <summary>A hardware profile as the simulator's config names it, turned into Core's <see cref="HardwareProfile"/>.</summary>
/// <param name="Name">Profile name, referenced by <see cref="FleetConfig.Hardware"/>.</param>
/// <param name="Dies">SoCs per computer.</param>
/// <param name="MemoryPerDieGiB">RAM per die.</param>
/// <param name="BandwidthGBps">Memory bandwidth per die.</param>
/// <param name="PowerWatts">The computer's draw while serving.</param>
/// <param name="TopsPerDie">Peak INT8 TOPS per die (prefill speed).</param>
public sealed record HardwareProfileConfig(string Name, int Dies, double MemoryPerDieGiB, double BandwidthGBps, double PowerWatts, double TopsPerDie)
{
    private const double GiB = 1L << 30;

    /// <summary>INT8 peak per AI4 SoC: 3 NPUs × 9216 MACs × 2 × 2.2 GHz = 121.7 TOPS (#3).</summary>
    public const double Ai4TopsPerDie = 121.7;

    /// <summary>
    /// AI5-class, relative to the seed's AI4 (#9: 8× compute, 9× memory, 5× bandwidth) with two dies; power ≈250 W is an
    /// estimate ("about a third of a Blackwell", #9). AI5 goes first to Optimus and datacentres (#10).
    /// </summary>
    public static HardwareProfileConfig Ai5Class { get; } = new("ai5", 2, 8 * 9, 384 * 5, 250, Ai4TopsPerDie * 8);

    /// <summary>Core's AI4 profiles (8 GB per die as the seed says, 16 GB by teardown, #4) and the AI5 class.</summary>
    public static IReadOnlyList<HardwareProfileConfig> Defaults { get; } =
        [FromCore(HardwareProfiles.Ai4With8GB, Ai4TopsPerDie), FromCore(HardwareProfiles.Ai4With16GB, Ai4TopsPerDie), Ai5Class];

    public static HardwareProfileConfig FromCore(HardwareProfile profile, double topsPerDie)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new(profile.Name, profile.Dies, profile.MemoryPerDieBytes / GiB, profile.MemoryBandwidthGBps, profile.PowerWatts, topsPerDie);
    }

    /// <summary>Core's profile: the Core-defined one when the figures match it, else a new one with these figures.</summary>
    public HardwareProfile ToProfile(double? memoryPerDieGiBOverride)
    {
        var bytes = (long)((memoryPerDieGiBOverride ?? MemoryPerDieGiB) * GiB);
        var core = HardwareProfiles.Find(Name);
        if (core is not null && core.Dies == Dies && core.MemoryBandwidthGBps.Equals(BandwidthGBps) && core.PowerWatts.Equals(PowerWatts))
        {
            return core.WithMemoryPerDie(bytes);
        }

        return new HardwareProfile(Name, Dies, bytes, BandwidthGBps, PowerWatts);
    }
}
