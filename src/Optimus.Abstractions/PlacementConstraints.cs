using Optimus.Core.Placement;

namespace Optimus.Abstractions;

/// <summary>
/// The wire form of <see cref="PlacementFilter"/>: a required region and hardware class, a pinned vehicle and excluded
/// vehicles; null for any.
/// </summary>
[GenerateSerializer, Immutable, Alias("optimus.placement-constraints")]
public sealed record PlacementConstraints(
    [property: Id(0)] string? Region,
    [property: Id(1)] string? HardwareClass)
{
    [Id(2)]
    public string? Vehicle { get; init; }

    [Id(3)]
    public string[]? Excluded { get; init; }

    public PlacementFilter ToFilter() => new(Region, HardwareClass)
    {
        Vehicle = Vehicle,
        Excluded = Excluded is { Length: > 0 } excluded ? excluded.ToHashSet(StringComparer.Ordinal) : null,
    };

    public static PlacementConstraints From(PlacementFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new(filter.Region, filter.HardwareClass) { Vehicle = filter.Vehicle, Excluded = filter.Excluded?.ToArray() };
    }
}
