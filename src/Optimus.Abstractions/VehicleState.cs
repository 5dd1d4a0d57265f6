using Optimus.Core.Vehicles;

namespace Optimus.Abstractions;

/// <summary>The wire form of <see cref="VehicleStatus"/>: Core stays free of Orleans attributes.</summary>
[GenerateSerializer, Immutable, Alias("optimus.vehicle-state")]
public sealed record VehicleState(
    [property: Id(0)] VehicleActivity Activity,
    [property: Id(1)] bool PluggedIn,
    [property: Id(2)] double StateOfCharge,
    [property: Id(3)] double ThermalHeadroomC = 30,
    [property: Id(4)] double EnergyUsedTodayWh = 0)
{
    public VehicleStatus ToStatus() => new(Activity, PluggedIn, StateOfCharge, ThermalHeadroomC, EnergyUsedTodayWh);

    public static VehicleState From(VehicleStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(status.Activity, status.PluggedIn, status.StateOfCharge, status.ThermalHeadroomC, status.EnergyUsedTodayWh);
    }
}
