using System.Collections;
using Optimus.Core.Verification;
using Optimus.Simulator.Model;

namespace Optimus.Simulator.Verification;

/// <summary>The admitted vehicles of one pool as Core's replica selection sees them, without copying them.</summary>
internal sealed class PoolCandidates(IndexSet members, Func<int, ReplicaCandidate> candidate) : IReadOnlyList<ReplicaCandidate>
{
    public int Count => members.Count;

    public ReplicaCandidate this[int index] => candidate(members[index]);

    public int VehicleAt(int index) => members[index];

    public IEnumerator<ReplicaCandidate> GetEnumerator()
    {
        for (var i = 0; i < members.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
