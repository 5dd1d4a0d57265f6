namespace Optimus.Core.Vehicles;

/// <summary>
/// The built-in hardware profiles. Figures from ../shared/data/fleet/parameters.md: two dies per AI4 computer (#1),
/// 8 GB per die as the seed says or 16 GB per die by teardown (#4), ~384 GB/s per die (#5), 100–160 W (#6).
/// </summary>
public static class HardwareProfiles
{
    private const long GiB = 1L << 30;

    public static HardwareProfile Ai4With8GB { get; } = new("ai4-8gb", 2, 8 * GiB, 384, 130);

    public static HardwareProfile Ai4With16GB { get; } = new("ai4-16gb", 2, 16 * GiB, 384, 130);

    public static IReadOnlyList<HardwareProfile> All { get; } = [Ai4With8GB, Ai4With16GB];

    public static HardwareProfile Default => Ai4With8GB;

    /// <summary>Finds a profile by name, ignoring case; null when there is none.</summary>
    public static HardwareProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
