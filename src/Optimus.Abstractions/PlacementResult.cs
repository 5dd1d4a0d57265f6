namespace Optimus.Abstractions;

/// <summary>
/// A dispatcher's answer: a placement, or none, in which case <see cref="Saturated"/> tells a busy fleet (every
/// serving vehicle's slots taken: wait or come back) from an empty one (no vehicle may serve at all).
/// </summary>
[GenerateSerializer, Immutable, Alias("optimus.placement-result")]
public sealed record PlacementResult(
    [property: Id(0)] Placement? Placement,
    [property: Id(1)] bool Saturated);
