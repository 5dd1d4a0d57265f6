using Optimus.Core.Placement;

namespace Optimus.Grains;

/// <summary>An indexable set of vehicle loads with O(1) insert, update and swap-removal by vehicle id.</summary>
internal sealed class EligibleSet
{
    private readonly List<VehicleLoad> _loads = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public IReadOnlyList<VehicleLoad> Loads => _loads;

    public void Set(VehicleLoad load)
    {
        if (_index.TryGetValue(load.VehicleId, out var at))
        {
            _loads[at] = load;
        }
        else
        {
            _index[load.VehicleId] = _loads.Count;
            _loads.Add(load);
        }
    }

    public void Remove(string vehicleId)
    {
        if (!_index.Remove(vehicleId, out var at))
        {
            return;
        }

        var last = _loads.Count - 1;
        if (at != last)
        {
            var moved = _loads[last];
            _loads[at] = moved;
            _index[moved.VehicleId] = at;
        }

        _loads.RemoveAt(last);
    }
}
