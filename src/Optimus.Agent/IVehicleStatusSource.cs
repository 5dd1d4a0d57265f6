using Optimus.Core.Vehicles;

namespace Optimus.Agent;

/// <summary>Where the agent reads the vehicle's state (drive state, plug, charge) for its heartbeats.</summary>
public interface IVehicleStatusSource
{
    VehicleStatus Current { get; }
}
