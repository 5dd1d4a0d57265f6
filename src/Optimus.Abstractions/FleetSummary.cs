namespace Optimus.Abstractions;

/// <summary>Counts a dispatcher reports: connected vehicles, those that may serve, and their slots in use.</summary>
[GenerateSerializer, Immutable, Alias("optimus.fleet-summary")]
public sealed record FleetSummary(
    [property: Id(0)] int Vehicles,
    [property: Id(1)] int Serving,
    [property: Id(2)] int Slots,
    [property: Id(3)] int ActiveJobs);
