using Optimus.Core.Vehicles;

namespace Optimus.Agent;

/// <summary>
/// Where the agent reads the vehicle's state (drive state, plug, charge, thermal) and its owner's policy. A change is
/// signalled at once, so a car that starts to drive drains its jobs immediately rather than at the next heartbeat.
/// </summary>
public interface IVehicleStatusSource
{
    VehicleStatus Current { get; }

    OwnerPolicy Policy { get; }

    event EventHandler? Changed;
}
