namespace Optimus.Agent;

/// <summary>The coordinator refused the vehicle's registration; retrying would not help.</summary>
public sealed class RegistrationRejectedException(string reason) : Exception($"The coordinator rejected this vehicle: {reason}");
