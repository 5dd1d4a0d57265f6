namespace Optimus.Core.Placement;

/// <summary>
/// Hard constraints a job puts on its vehicle beyond availability: a region (data residency, latency) and a hardware
/// class (a model build that only some profiles run). Null means any. Result verification adds two more: a job pinned
/// to one vehicle (a canary) and vehicles a replica must not run on (the one it checks, and that owner's others).
/// </summary>
public sealed record PlacementFilter(string? Region = null, string? HardwareClass = null)
{
    public static PlacementFilter Any { get; } = new();

    /// <summary>Only this vehicle may take the job; null for any.</summary>
    public string? Vehicle { get; init; }

    /// <summary>Vehicles that may not take the job; null or empty for none.</summary>
    public IReadOnlySet<string>? Excluded { get; init; }

    public bool IsAny => Region is null && HardwareClass is null && Vehicle is null && (Excluded is null || Excluded.Count == 0);

    public bool Matches(in VehicleLoad vehicle) =>
        (Region is null || string.Equals(Region, vehicle.Region, StringComparison.OrdinalIgnoreCase)) &&
        (HardwareClass is null || string.Equals(HardwareClass, vehicle.HardwareClass, StringComparison.OrdinalIgnoreCase)) &&
        (Vehicle is null || string.Equals(Vehicle, vehicle.VehicleId, StringComparison.Ordinal)) &&
        (Excluded is null || !Excluded.Contains(vehicle.VehicleId));
}
