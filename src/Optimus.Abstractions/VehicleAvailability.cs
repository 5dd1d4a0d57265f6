namespace Optimus.Abstractions;

/// <summary>What a dispatcher keeps of a vehicle: whether it may serve, under which lease, and its capacity.</summary>
[GenerateSerializer, Immutable, Alias("optimus.vehicle-availability")]
public sealed record VehicleAvailability(
    [property: Id(0)] string VehicleId,
    [property: Id(1)] long LeaseEpoch,
    [property: Id(2)] bool CanServe,
    [property: Id(3)] int Slots,
    [property: Id(4)] string ModelName,
    [property: Id(5)] int ContextLength,
    [property: Id(6)] double PredictedDwellSeconds = double.PositiveInfinity,
    [property: Id(7)] double Reputation = 1,
    [property: Id(8)] string? Region = null,
    [property: Id(9)] string? HardwareClass = null,
    [property: Id(10)] string[]? Categories = null)
{
    /// <summary>Whether the owner allows jobs of this category (no list: all).</summary>
    public bool Allows(string category) => Categories is not { Length: > 0 } || Categories.Contains(category, StringComparer.Ordinal);
}
