namespace Optimus.Simulator.Config;

/// <summary>A state-of-charge floor (0–1) and its relative share among opted-in owners.</summary>
public sealed record ChargeFloorShare(double Floor, double Share);
