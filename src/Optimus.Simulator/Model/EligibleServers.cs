using System.Collections;
using Optimus.Core.Placement;

namespace Optimus.Simulator.Model;

/// <summary>
/// The vehicles that may take a job now (eligible and with a free slot), as a dense array with O(1) add and swap-remove,
/// exposed as the <see cref="IReadOnlyList{T}"/> of <see cref="VehicleLoad"/> that Core's placement policy samples.
/// Power of two choices reads two entries, so the view builds loads on demand instead of materialising the list.
/// </summary>
internal sealed class EligibleServers(ServerState servers) : IReadOnlyList<VehicleLoad>
{
    private readonly IndexSet _members = new(servers.Count);

    public int Count => _members.Count;

    /// <summary>The simulated time of the placement being made (predicted dwell is measured from it).</summary>
    public long Now { get; set; }

    public VehicleLoad this[int index]
    {
        get
        {
            var s = _members[index];
            var dwell = Math.Max(0, servers.PredictedLeave[s] - Now) / 1e6;
            return new VehicleLoad(servers.Id[s], servers.Active[s], servers.Slots[s], dwell);
        }
    }

    /// <summary>The server at <paramref name="index"/> of the list placement chose from.</summary>
    public int ServerAt(int index) => _members[index];

    public bool Contains(int server) => _members.Contains(server);

    public void Add(int server) => _members.Add(server);

    public void Remove(int server) => _members.Remove(server);

    public IEnumerator<VehicleLoad> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
