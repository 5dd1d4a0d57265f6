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
    private int[] _members = new int[Math.Max(16, servers.Count)];
    private readonly int[] _position = NewPositions(servers.Count);

    public int Count { get; private set; }

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

    public bool Contains(int server) => _position[server] >= 0;

    public void Add(int server)
    {
        if (_position[server] >= 0)
        {
            return;
        }

        if (Count == _members.Length)
        {
            Array.Resize(ref _members, _members.Length * 2);
        }

        _position[server] = Count;
        _members[Count++] = server;
    }

    public void Remove(int server)
    {
        var at = _position[server];
        if (at < 0)
        {
            return;
        }

        var last = _members[--Count];
        _members[at] = last;
        _position[last] = at;
        _position[server] = -1;
    }

    public IEnumerator<VehicleLoad> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int[] NewPositions(int count)
    {
        var positions = new int[count];
        Array.Fill(positions, -1);
        return positions;
    }
}
