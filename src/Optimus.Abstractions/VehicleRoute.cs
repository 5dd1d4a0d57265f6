namespace Optimus.Abstractions;

/// <summary>How to reach a vehicle connected to another gateway: that gateway's relay, and the vehicle's power draw.</summary>
[GenerateSerializer, Immutable, Alias("optimus.vehicle-route")]
public sealed record VehicleRoute(
    [property: Id(0)] IVehicleRelay Relay,
    [property: Id(1)] double PowerWatts);
