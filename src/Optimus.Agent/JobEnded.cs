namespace Optimus.Agent;

/// <summary>A job that ended on this vehicle: finished, cancelled or failed.</summary>
public sealed record JobEnded(string JobId, string Outcome);
