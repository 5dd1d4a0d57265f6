namespace Optimus.Core.Vehicles;

/// <summary>
/// A vehicle inference computer: how many dies it has, the memory and bandwidth of each, and its power at the wall.
/// </summary>
/// <param name="Name">The profile's name as given on the command line (for example <c>ai4-8gb</c>).</param>
/// <param name="Dies">Independent SoCs; each runs its own model instance.</param>
/// <param name="MemoryPerDieBytes">RAM each die can give to a model (weights, KV cache and compute buffers).</param>
/// <param name="MemoryBandwidthGBps">Memory bandwidth per die, the bound on decode speed.</param>
/// <param name="PowerWatts">Power drawn at the wall while serving.</param>
public sealed record HardwareProfile(string Name, int Dies, long MemoryPerDieBytes, double MemoryBandwidthGBps, double PowerWatts)
{
    /// <summary>Returns the same profile with a different memory budget per die (for constrained vehicles and tests).</summary>
    public HardwareProfile WithMemoryPerDie(long bytes) => this with { MemoryPerDieBytes = bytes };
}
