using Optimus.Abstractions;
using Optimus.Gateway.Devices;

namespace Optimus.Gateway.Cluster;

/// <summary>An attempt's link to a vehicle connected to another gateway: cancels go through that gateway's relay.</summary>
internal sealed class RemoteVehicleLink(IVehicleRelay relay, string vehicleId, long leaseEpoch, double powerWatts) : IVehicleLink
{
    private volatile bool _expired;

    public double PowerWatts { get; } = powerWatts;

    public string? Model => null;

    public bool Expired => _expired;

    public void MarkExpired() => _expired = true;

    public void CancelJob(string jobId) => _ = CancelAsync(jobId);

    private async Task CancelAsync(string jobId)
    {
        try
        {
            await relay.CancelJob(vehicleId, leaseEpoch, jobId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // That gateway is gone, and its vehicle's connection with it: there is nothing left to stop.
        }
    }
}
