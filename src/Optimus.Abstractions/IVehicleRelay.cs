namespace Optimus.Abstractions;

/// <summary>
/// A gateway's relay to the vehicles connected to it, for requests that arrive at another gateway of the cluster (an
/// Orleans observer object, one per gateway process). The relay fences by lease exactly as a local send does.
/// </summary>
[Alias("optimus.IVehicleRelay")]
public interface IVehicleRelay : IGrainObserver
{
    /// <summary>
    /// Sends <paramref name="assignment"/> (a serialized <c>JobAssignment</c>) to the vehicle if it is connected here
    /// under <paramref name="leaseEpoch"/>; its events go to <paramref name="listener"/> in order. Returns the hosting
    /// silo's address (so the caller can tell when this gateway dies), or null when the vehicle is not here any more.
    /// </summary>
    [Alias("StartJob")]
    Task<string?> StartJob(string vehicleId, long leaseEpoch, byte[] assignment, IJobListener listener);

    /// <summary>Tells the vehicle to stop the job.</summary>
    [Alias("CancelJob")]
    Task CancelJob(string vehicleId, long leaseEpoch, string jobId);
}

/// <summary>The requesting gateway's end of a relayed job: the vehicle's messages, in order, then its end.</summary>
[Alias("optimus.IJobListener")]
public interface IJobListener : IGrainObserver
{
    /// <summary>One message of the job (a serialized <c>AgentMessage</c>: tokens, finished or failed).</summary>
    [Alias("OnJobMessage")]
    Task OnJobMessage(string jobId, byte[] message);

    /// <summary>The vehicle is gone (it left, or its lease expired: <paramref name="fenced"/>).</summary>
    [Alias("OnJobLost")]
    Task OnJobLost(string jobId, string reason, bool fenced);
}
