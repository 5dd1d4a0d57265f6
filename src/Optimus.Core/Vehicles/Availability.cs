namespace Optimus.Core.Vehicles;

/// <summary>
/// Whether a vehicle may take work now. The foundation rule: parked or charging, and plugged in, so that serving never
/// drains the battery a driver needs. Owner policies refine this.
/// </summary>
public static class Availability
{
    public static bool CanServe(VehicleStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var stationary = status.Activity is VehicleActivity.Parked or VehicleActivity.Charging;
        return stationary && status.PluggedIn;
    }
}
