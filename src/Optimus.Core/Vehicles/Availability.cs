namespace Optimus.Core.Vehicles;

/// <summary>
/// Whether a vehicle may take work now: stationary, healthy, and within every rule its owner set. Pure: the same
/// status, policy and time give the same answer in the coordinator, the agent and the simulator.
/// </summary>
public static class Availability
{
    /// <summary>Below this thermal headroom (°C to the throttle point) the computer needs its margin for itself.</summary>
    public const double MinThermalHeadroomC = 5;

    /// <summary>The foundation rule alone (parked or charging, and plugged in), under the default policy at any hour.</summary>
    public static bool CanServe(VehicleStatus status) => Evaluate(status, OwnerPolicy.Default with { ChargeFloor = 0 }, DateTimeOffset.UnixEpoch).CanServe;

    public static ServeDecision Evaluate(VehicleStatus status, OwnerPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.OptedOut)
        {
            return ServeDecision.No("opted out");
        }

        switch (status.Activity)
        {
            case VehicleActivity.Driving:
                return ServeDecision.No("driving");
            case VehicleActivity.Sleeping or VehicleActivity.Offline:
                return ServeDecision.No(status.Activity == VehicleActivity.Sleeping ? "sleeping" : "offline");
        }

        if (policy.PluggedInOnly && !status.PluggedIn)
        {
            return ServeDecision.No("unplugged");
        }

        if (status.StateOfCharge < policy.ChargeFloor)
        {
            return ServeDecision.No("below charge floor");
        }

        if (status.ThermalHeadroomC < MinThermalHeadroomC)
        {
            return ServeDecision.No("overheated");
        }

        if (policy.Hours is { } hours && !hours.Allows(policy.LocalTime(now)))
        {
            return ServeDecision.No("outside allowed hours");
        }

        if (policy.DailyEnergyCapWh > 0 && status.EnergyUsedTodayWh >= policy.DailyEnergyCapWh)
        {
            return ServeDecision.No("daily energy cap reached");
        }

        return ServeDecision.Yes;
    }
}
