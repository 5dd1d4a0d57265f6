using Optimus.Core.Placement;

namespace Optimus.Abstractions;

/// <summary>The wire form of <see cref="PlacementFilter"/>: a required region and hardware class, null for any.</summary>
[GenerateSerializer, Immutable, Alias("optimus.placement-constraints")]
public sealed record PlacementConstraints(
    [property: Id(0)] string? Region,
    [property: Id(1)] string? HardwareClass)
{
    public PlacementFilter ToFilter() => new(Region, HardwareClass);
}
