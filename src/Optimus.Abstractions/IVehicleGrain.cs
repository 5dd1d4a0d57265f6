namespace Optimus.Abstractions;

/// <summary>
/// One vehicle, keyed by its id: its registration, reported state and lease. Each connection gets a new lease epoch
/// (a fencing token); calls carrying an older epoch are ignored, so a late message from a replaced connection cannot
/// change the vehicle's state.
/// </summary>
[Alias("optimus.IVehicleGrain")]
public interface IVehicleGrain : IGrainWithStringKey
{
    /// <summary>Starts a lease for a new connection and returns its epoch.</summary>
    [Alias("Connect")]
    Task<long> Connect(VehicleRegistration registration);

    /// <summary>
    /// Renews the lease and records the vehicle's state and its owner's policy. The answer says whether the lease is
    /// still current (if not, the agent must reconnect) and whether the vehicle may serve (if not, its jobs move).
    /// </summary>
    [Alias("Heartbeat")]
    Task<HeartbeatAck> Heartbeat(long leaseEpoch, VehicleState state, OwnerPolicyState policy);

    /// <summary>Ends the lease of the given epoch (the connection closed).</summary>
    [Alias("Disconnect")]
    Task Disconnect(long leaseEpoch);

    /// <summary>In cluster mode: records which gateway holds the vehicle's connection under <paramref name="leaseEpoch"/>.</summary>
    [Alias("AttachRelay")]
    Task AttachRelay(long leaseEpoch, IVehicleRelay relay);

    /// <summary>The relay of the gateway holding the connection under <paramref name="leaseEpoch"/>, with the vehicle's power; null when that lease is over.</summary>
    [Alias("GetRelay")]
    Task<VehicleRoute?> GetRelay(long leaseEpoch);

    /// <summary>The vehicle's standing in result verification, with its hardware class and model build.</summary>
    [Alias("GetTrust")]
    Task<VehicleTrust> GetTrust();

    /// <summary>
    /// Records how one of the vehicle's results was judged (a Core <c>AttemptJudgement</c>, as an int) or, with
    /// <paramref name="canary"/>, whether it passed a canary. A vehicle caught wrong is quarantined: it stops serving at
    /// once (its dispatcher hears of it before this returns).
    /// </summary>
    [Alias("Judge")]
    Task<VehicleTrust> Judge(int judgement, bool canary);

    /// <summary>The current lease epoch, 0 when no lease is held.</summary>
    [Alias("GetLeaseEpoch")]
    Task<long> GetLeaseEpoch();
}
