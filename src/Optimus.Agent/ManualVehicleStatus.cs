using Optimus.Core.Vehicles;

namespace Optimus.Agent;

/// <summary>
/// A state that changes only when told to: a stationary test rig, a standalone agent, or a simulated vehicle driven by a
/// schedule or a test.
/// </summary>
public sealed class ManualVehicleStatus(VehicleStatus initial, OwnerPolicy? policy = null) : IVehicleStatusSource
{
    private volatile VehicleStatus _current = initial;
    private volatile OwnerPolicy _policy = policy ?? OwnerPolicy.Default;

    public event EventHandler? Changed;

    public VehicleStatus Current
    {
        get => _current;
        set
        {
            _current = value;
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    public OwnerPolicy Policy
    {
        get => _policy;
        set
        {
            _policy = value;
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
