namespace Optimus.Simulator.Model;

/// <summary>
/// Every vehicle's state as one array of <see cref="VehicleRecord"/> structs: 40 bytes per vehicle and no object per
/// vehicle, so a million vehicles are 40 MB the garbage collector never walks.
/// </summary>
internal sealed class FleetState
{
    private readonly VehicleRecord[] _vehicles;

    public FleetState(int count)
    {
        _vehicles = new VehicleRecord[count];
        for (var v = 0; v < count; v++)
        {
            _vehicles[v].Server = -1;
        }
    }

    public int Count => _vehicles.Length;

    /// <summary>The vehicle's record, by reference: read and write its fields in place.</summary>
    public ref VehicleRecord this[int vehicle] => ref _vehicles[vehicle];
}
