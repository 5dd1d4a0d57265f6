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

    /// <summary>Renews the lease; false when the epoch is no longer current (the agent must reconnect).</summary>
    [Alias("Heartbeat")]
    Task<bool> Heartbeat(long leaseEpoch, VehicleState state);

    /// <summary>Ends the lease of the given epoch (the connection closed).</summary>
    [Alias("Disconnect")]
    Task Disconnect(long leaseEpoch);

    /// <summary>The current lease epoch, 0 when no lease is held.</summary>
    [Alias("GetLeaseEpoch")]
    Task<long> GetLeaseEpoch();
}
