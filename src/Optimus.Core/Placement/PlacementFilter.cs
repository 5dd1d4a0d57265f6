namespace Optimus.Core.Placement;

/// <summary>
/// Hard constraints a job puts on its vehicle beyond availability: a region (data residency, latency) and a hardware
/// class (a model build that only some profiles run). Null means any.
/// </summary>
public sealed record PlacementFilter(string? Region = null, string? HardwareClass = null)
{
    public static PlacementFilter Any { get; } = new();

    public bool IsAny => Region is null && HardwareClass is null;

    public bool Matches(in VehicleLoad vehicle) =>
        (Region is null || string.Equals(Region, vehicle.Region, StringComparison.OrdinalIgnoreCase)) &&
        (HardwareClass is null || string.Equals(HardwareClass, vehicle.HardwareClass, StringComparison.OrdinalIgnoreCase));
}
