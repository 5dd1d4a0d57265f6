namespace Optimus.Gateway.Storage;

/// <summary>A vehicle registering, as the journal records it.</summary>
internal sealed record VehicleSeen(string VehicleId, string Profile, string Model, long AtMs);
