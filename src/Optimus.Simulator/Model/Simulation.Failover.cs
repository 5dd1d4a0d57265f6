using Optimus.Simulator.Engine;
using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Model;

/// <summary>
/// Serving vehicles coming and going. A departure moves each request it runs to the continuation queue with the tokens
/// generated so far (paid to the vehicle that generated them); the old completion is fenced off by the version, as a
/// departed vehicle's late result is by its lease. Past the attempt bound, the request finishes in the cloud.
/// </summary>
internal sealed partial class Simulation
{
    /// <summary>
    /// A serving vehicle starts or stops being eligible. When it stops, each request it runs continues elsewhere from
    /// the tokens generated so far (prompt + partial output is a complete state); its pending completion is fenced off.
    /// </summary>
    private void SetEligible(int s, bool eligible, long t)
    {
        if (_servers.Slots[s] == 0 || _servers.Eligible[s] == eligible)
        {
            return;
        }

        var slots = _servers.Slots[s];
        if (eligible)
        {
            _servers.Eligible[s] = true;
            _servers.EligibleSince[s] = t;
            _servers.PredictedLeave[s] = t + (long)(_servers.Dwell[s].PredictRemaining(_clocks[_fleet[_servers.Vehicle[s]].Region].LocalDateTime(t)).Ticks / 10);
            _servers.EligibleSlots += slots;
            _servers.FreeSlots += slots - _servers.Active[s];
            _series.Change(Level.EligibleSlots, t, slots);
            _servers.Pool.Add(s);
            Pump(t);
            return;
        }

        _servers.Eligible[s] = false;
        _servers.EligibleMicros[s] += t - _servers.EligibleSince[s];
        _servers.EligibleSlots -= slots;
        _servers.FreeSlots -= slots - _servers.Active[s];
        _series.Change(Level.EligibleSlots, t, -slots);
        _servers.Pool.Remove(s);
        var moved = 0;
        for (var r = _servers.RequestHead[s]; r >= 0;)
        {
            var next = _requests.Next[r];
            var generated = Math.Clamp(SimTime.ToSeconds(t - _requests.DecodeStart[r]) * _servers.StreamTps[s], 0, _requests.Output[r] - _requests.Done[r]);
            Credit(r, s, generated, t);
            _requests.Done[r] += (float)generated;
            _requests.Version[r]++;
            _requests.Server[r] = -1;
            _series.Count(Counter.Failovers, t);
            if (_requests.Segments[r] > _config.Workload.MaxFailovers)
            {
                ToCloud(_requests.IsBatch[r], _requests.Prompt[r], _requests.Output[r] - _requests.Done[r], _requests.Arrival[r], t, chargePrompt: false, firstToken: false, Counter.CloudFailover);
                _requests.Free(r);
            }
            else
            {
                _continuations.Enqueue(r);
            }

            moved++;
            r = next;
        }

        _servers.RequestHead[s] = -1;
        if (moved > 0)
        {
            Accrue(s, t);
            _servers.Active[s] -= moved;
            _series.Change(Level.BusySlots, t, -moved);
            Pump(t);
        }
    }
}
