namespace Optimus.Abstractions;

/// <summary>What a vehicle tells the coordinator when it connects: who it is, its hardware and its model.</summary>
[GenerateSerializer, Immutable, Alias("optimus.vehicle-registration")]
public sealed record VehicleRegistration(
    [property: Id(0)] string VehicleId,
    [property: Id(1)] string ProfileName,
    [property: Id(2)] int Dies,
    [property: Id(3)] long MemoryPerDieBytes,
    [property: Id(4)] double PowerWatts,
    [property: Id(5)] string ModelName,
    [property: Id(6)] int ContextLength,
    [property: Id(7)] int Slots,
    [property: Id(8)] VehicleState State,
    [property: Id(9)] OwnerPolicyState Policy,
    [property: Id(10)] string Region = "local");
