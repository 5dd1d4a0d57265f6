namespace Optimus.Abstractions;

/// <summary>A vehicle grain's answer to a heartbeat: whether the lease is still current and whether the vehicle may serve.</summary>
[GenerateSerializer, Immutable, Alias("optimus.heartbeat-ack")]
public sealed record HeartbeatAck(
    [property: Id(0)] bool LeaseValid,
    [property: Id(1)] bool CanServe,
    [property: Id(2)] string Reason);
