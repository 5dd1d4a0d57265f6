namespace Optimus.Core.Verification;

/// <summary>A vehicle as replica selection sees it.</summary>
/// <param name="VehicleId">The vehicle.</param>
/// <param name="OwnerId">Who is paid for it; a replica never shares an owner with the attempts it checks.</param>
/// <param name="HardwareClass">Its hardware profile (for example ai4-8gb): outputs are compared only within one class.</param>
/// <param name="ModelBuild">The exact model build it runs (weights and runtime), the other half of exact comparability.</param>
/// <param name="Reputation">Its reputation: a quarantined vehicle, or one that has not passed its admission canaries, never
/// checks another (a cheater must meet a known answer before its vote counts).</param>
public readonly record struct ReplicaCandidate(string VehicleId, string OwnerId, string HardwareClass, string ModelBuild, Reputation Reputation);
