using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>
/// How an attempt reaches its vehicle: its stream on this gateway (<see cref="AgentSession"/>), or, in cluster mode,
/// the relay of the gateway it is connected to (<see cref="Cluster.RemoteVehicleLink"/>).
/// </summary>
internal interface IVehicleLink
{
    /// <summary>The vehicle's draw at the wall while serving.</summary>
    double PowerWatts { get; }

    /// <summary>The model the vehicle registered with; null when this gateway does not know it (a vehicle relayed from another).</summary>
    string? Model { get; }

    /// <summary>Whether the vehicle's lease expired (it went silent): its attempt is fenced, not moved.</summary>
    bool Expired { get; }

    /// <summary>Tells the vehicle to stop a job.</summary>
    void CancelJob(string jobId);
}
