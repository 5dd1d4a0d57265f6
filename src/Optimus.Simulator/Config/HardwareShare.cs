namespace Optimus.Simulator.Config;

/// <summary>A hardware profile's share of the fleet.</summary>
/// <param name="Profile">A name from <see cref="DeviceConfig.Profiles"/>.</param>
/// <param name="Share">Relative weight (normalised over the list).</param>
public sealed record HardwareShare(string Profile, double Share);
