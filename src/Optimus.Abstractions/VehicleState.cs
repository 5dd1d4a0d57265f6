using Optimus.Core.Vehicles;

namespace Optimus.Abstractions;

/// <summary>The wire form of <see cref="VehicleStatus"/>: Core stays free of Orleans attributes.</summary>
[GenerateSerializer, Immutable, Alias("optimus.vehicle-state")]
public sealed record VehicleState(
    [property: Id(0)] VehicleActivity Activity,
    [property: Id(1)] bool PluggedIn,
    [property: Id(2)] double StateOfCharge)
{
    public VehicleStatus ToStatus() => new(Activity, PluggedIn, StateOfCharge);

    public static VehicleState From(VehicleStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new(status.Activity, status.PluggedIn, status.StateOfCharge);
    }
}
