using Optimus.Core.Placement;
using Orleans.Concurrency;

namespace Optimus.Abstractions;

/// <summary>
/// Places jobs on the vehicles of one cell. It holds only what placement needs (availability and load per vehicle);
/// vehicle grains push changes to it.
/// </summary>
[Alias("optimus.IDispatcherGrain")]
public interface IDispatcherGrain : IGrainWithStringKey
{
    [Alias("Update")]
    Task Update(VehicleAvailability availability);

    [Alias("Remove")]
    Task Remove(string vehicleId, long leaseEpoch);

    /// <summary>
    /// Reserves a slot for a job: interactive jobs on any vehicle with a free slot, batch jobs only on idle vehicles.
    /// </summary>
    [Alias("Place")]
    Task<PlacementResult> Place(string jobId, JobClass jobClass, double expectedSeconds, PlacementConstraints? constraints = null);

    /// <summary>Frees the slot a job held. One-way: the request path does not wait for it.</summary>
    [OneWay, Alias("Release")]
    Task Release(string vehicleId, long leaseEpoch, string jobId);

    [Alias("GetSummary")]
    Task<FleetSummary> GetSummary();
}
