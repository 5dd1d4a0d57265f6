namespace Optimus.Agent;

/// <summary>The model with its context needs more memory than one die of the vehicle's profile has.</summary>
public sealed class ModelDoesNotFitException(string message) : Exception(message);
