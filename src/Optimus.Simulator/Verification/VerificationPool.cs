namespace Optimus.Simulator.Verification;

/// <summary>A hardware class and model build (outputs are comparable only inside one) and its share of the fleet.</summary>
/// <param name="HardwareClass">The hardware profile, for example ai4-8gb.</param>
/// <param name="ModelBuild">The exact model build.</param>
/// <param name="Share">Its share of the fleet.</param>
public sealed record VerificationPool(string HardwareClass, string ModelBuild, double Share);
