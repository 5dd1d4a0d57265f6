namespace Optimus.Abstractions;

/// <summary>A job placed on a vehicle: the slot is reserved under <see cref="LeaseEpoch"/> until released.</summary>
[GenerateSerializer, Immutable, Alias("optimus.placement")]
public sealed record Placement(
    [property: Id(0)] string VehicleId,
    [property: Id(1)] long LeaseEpoch,
    [property: Id(2)] int ContextLength);
