using Optimus.Core.Placement;
using Optimus.Simulator.Engine;
using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Model;

/// <summary>
/// Queues and placement. Continuations (work moved off a departed vehicle) go first, then interactive requests in
/// arrival order (spilling to the cloud once they wait too long), then batch work while enough slots stay free. Each
/// placement asks Core's policy to choose among eligible vehicles with a free slot. A slot runs its request at the
/// die's per-stream speed with all slots busy (a conservative, load-independent service time).
/// </summary>
internal sealed partial class Simulation
{
    private readonly IntQueue _interactive = new();
    private readonly IntQueue _continuations = new();
    private PlacementRequest _interactivePlacement;
    private PlacementRequest _batchPlacement;
    private double _edgeWaitSeconds;
    private long _edgeWaits;

    private void Pump(long t)
    {
        var pool = _servers.Pool;
        var maxWait = SimTime.FromSeconds(_config.Workload.MaxQueueWaitSeconds);
        while (pool.Count > 0)
        {
            if (_continuations.Count > 0)
            {
                Assign(_continuations.Dequeue(), t);
            }
            else if (_interactive.Count > 0)
            {
                var r = _interactive.Dequeue();
                var expiry = _requests.Arrival[r] + maxWait;
                if (expiry < t)
                {
                    Spill(r, expiry);
                }
                else
                {
                    Assign(r, t);
                }
            }
            else if (_batch.Pending > 0 && _servers.FreeSlots > _config.Workload.BatchReserveShare * _servers.EligibleSlots)
            {
                var job = _batch.TakeOne();
                var prompt = (float)Draw.Length(_batchRandom, _config.Workload.PromptTokens);
                var output = (float)Draw.Length(_batchRandom, _config.Workload.OutputTokens);
                Assign(_requests.Allocate(_batch.Arrival(job), prompt, output, isBatch: true), t);
            }
            else
            {
                break;
            }
        }
    }

    /// <summary>Spills interactive requests that have waited past the limit, at the moment they expired.</summary>
    private void PurgeExpired(long t)
    {
        var maxWait = SimTime.FromSeconds(_config.Workload.MaxQueueWaitSeconds);
        while (_interactive.Count > 0 && _requests.Arrival[_interactive.Peek()] + maxWait < t)
        {
            var r = _interactive.Dequeue();
            Spill(r, _requests.Arrival[r] + maxWait);
        }
    }

    private void FlushQueuesToCloud(long t)
    {
        while (_continuations.Count > 0)
        {
            var r = _continuations.Dequeue();
            ToCloud(_requests.IsBatch[r], _requests.Prompt[r], _requests.Output[r] - _requests.Done[r], _requests.Arrival[r], t, chargePrompt: false, firstToken: false, Counter.CloudFailover);
            _requests.Free(r);
        }

        while (_interactive.Count > 0)
        {
            var r = _interactive.Dequeue();
            Spill(r, Math.Min(t, _requests.Arrival[r] + SimTime.FromSeconds(_config.Workload.MaxQueueWaitSeconds)));
        }
    }

    private void Spill(int r, long t)
    {
        ToCloud(false, _requests.Prompt[r], _requests.Output[r], _requests.Arrival[r], t, chargePrompt: true, firstToken: true, Counter.CloudSpilled);
        _requests.Free(r);
    }

    private void Assign(int r, long t)
    {
        var pool = _servers.Pool;
        pool.Now = t;
        var request = _requests.IsBatch[r] ? _batchPlacement : _interactivePlacement;
        var s = pool.ServerAt(_placement.Choose(pool, request, _placementRandom));
        Accrue(s, t);
        _servers.Active[s]++;
        _servers.FreeSlots--;
        _series.Change(Level.BusySlots, t, 1);
        if (_servers.Active[s] >= _servers.Slots[s])
        {
            pool.Remove(s);
        }

        var head = _servers.RequestHead[s];
        _requests.Next[r] = head;
        _requests.Prev[r] = -1;
        if (head >= 0)
        {
            _requests.Prev[head] = r;
        }

        _servers.RequestHead[s] = r;
        _requests.Server[r] = s;
        var first = _requests.Segments[r] == 0;
        _requests.Segments[r]++;
        var rtt = _config.Workload.NetworkRttMs / 1000;
        var prefill = (_requests.Prompt[r] + _requests.Done[r]) / _servers.PrefillTps[s];
        var decodeStart = t + SimTime.FromSeconds(rtt + prefill);
        _requests.DecodeStart[r] = decodeStart;
        var decode = SimTime.FromSeconds((_requests.Output[r] - _requests.Done[r]) / _servers.StreamTps[s]);
        _requests.Version[r]++;
        _queue.Push(decodeStart + decode, EventKind.Completion, r, _requests.Version[r]);
        if (first && !_requests.IsBatch[r])
        {
            var wait = SimTime.ToSeconds(t - _requests.Arrival[r]);
            _edgeWaitSeconds += wait;
            _edgeWaits++;
            _series.RecordTtft(t, (wait + rtt + prefill) * 1000, edge: true);
        }
    }

    private void OnCompletion(int r, int version, long t)
    {
        if (_requests.Version[r] != version || _requests.Server[r] < 0)
        {
            return;
        }

        var s = _requests.Server[r];
        Credit(r, s, _requests.Output[r] - _requests.Done[r], t);
        Detach(r, s);
        Release(s, t, 1);
        _series.Count(_requests.IsBatch[r] ? Counter.BatchEdgeCompleted : Counter.EdgeCompleted, t);
        _requests.Free(r);
        var v = _servers.Vehicle[s];
        if (_policies[_fleet[v].Policy].DailyEnergyCapWh > 0)
        {
            Evaluate(v, t);
        }

        Pump(t);
    }

    private void Detach(int r, int s)
    {
        var next = _requests.Next[r];
        var prev = _requests.Prev[r];
        if (prev >= 0)
        {
            _requests.Next[prev] = next;
        }
        else
        {
            _servers.RequestHead[s] = next;
        }

        if (next >= 0)
        {
            _requests.Prev[next] = prev;
        }

        _requests.Server[r] = -1;
    }

    /// <summary>Frees <paramref name="count"/> slots of server <paramref name="s"/>, returning it to the pool if eligible.</summary>
    private void Release(int s, long t, int count)
    {
        Accrue(s, t);
        _servers.Active[s] -= count;
        _series.Change(Level.BusySlots, t, -count);
        if (_servers.Eligible[s])
        {
            _servers.FreeSlots += count;
            _servers.Pool.Add(s);
        }
    }
}
