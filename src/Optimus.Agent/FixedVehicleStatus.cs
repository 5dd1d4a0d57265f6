using Optimus.Core.Vehicles;

namespace Optimus.Agent;

/// <summary>A state that changes only when told to: a stationary test rig, or a simulated vehicle under test control.</summary>
public sealed class FixedVehicleStatus(VehicleStatus initial) : IVehicleStatusSource
{
    private volatile VehicleStatus _current = initial;

    public VehicleStatus Current
    {
        get => _current;
        set => _current = value;
    }
}
