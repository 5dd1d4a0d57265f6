namespace Optimus.Core.Vehicles;

/// <summary>A vehicle's reported state at one heartbeat.</summary>
/// <param name="Activity">Driving, parked, charging, sleeping or offline.</param>
/// <param name="PluggedIn">Whether a charger is connected.</param>
/// <param name="StateOfCharge">Battery state of charge, 0 to 1.</param>
/// <param name="ThermalHeadroomC">Degrees below the inference computer's throttle point.</param>
/// <param name="EnergyUsedTodayWh">Energy the car has spent on compute since local midnight.</param>
public sealed record VehicleStatus(VehicleActivity Activity, bool PluggedIn, double StateOfCharge, double ThermalHeadroomC = 30, double EnergyUsedTodayWh = 0)
{
    public static VehicleStatus ParkedAndCharging { get; } = new(VehicleActivity.Charging, true, 0.8);

    public static VehicleStatus Offline { get; } = new(VehicleActivity.Offline, false, 0);
}
