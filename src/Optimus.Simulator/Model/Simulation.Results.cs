using Optimus.Core.Economics;

namespace Optimus.Simulator.Model;

/// <summary>Gathers the run's results once the drain is over.</summary>
internal sealed partial class Simulation
{
    private SimulationResult BuildResult()
    {
        var end = Math.Min(_horizon, _queue.End);
        var outcomes = new ServerOutcome[_servers.Count];
        for (var s = 0; s < _servers.Count; s++)
        {
            var v = _servers.Vehicle[s];
            var eligible = _servers.EligibleMicros[s] + (_servers.Eligible[s] ? Math.Max(0, end - _servers.EligibleSince[s]) : 0);
            var policy = _policies[_fleet[v].Policy];
            outcomes[s] = new ServerOutcome(
                v,
                _config.Regions[_fleet[v].Region].Name,
                _config.Fleet.Hardware[_fleet[v].Hardware].Profile,
                _fleet[v].IsRobotaxi,
                !policy.OptedOut,
                _fleet[v].HomeAccess,
                eligible / 3.6e9,
                _servers.OutputTokens[s],
                _servers.EnergyUj[s],
                Energy.CostNanoDollars(_servers.EnergyUj[s], Tariff(v)),
                _servers.ChargesNano[s],
                _servers.OwnerNano[s]);
        }

        long robotaxis = 0, optedIn = 0, home = 0;
        for (var v = 0; v < _fleet.Count; v++)
        {
            robotaxis += _fleet[v].IsRobotaxi ? 1 : 0;
            optedIn += !_fleet[v].IsRobotaxi && !_policies[_fleet[v].Policy].OptedOut ? 1 : 0;
            home += _fleet[v].HomeAccess ? 1 : 0;
        }

        return new SimulationResult
        {
            Config = _config,
            Run = _run,
            Series = _series,
            Mobility = _mobility,
            Servers = outcomes,
            Capacities = _capacities,
            Vehicles = _fleet.Count,
            Robotaxis = robotaxis,
            OptedIn = optedIn,
            HomeAccess = home,
            Events = _events,
            Evaluations = _evaluations,
            DroppedEvents = _queue.Dropped,
            MeanEdgeWaitSeconds = _edgeWaits == 0 ? 0 : _edgeWaitSeconds / _edgeWaits,
            EdgeWaits = _edgeWaits,
            Unfinished = Outstanding,
            UnknownTimeZones = _config.Regions.Where((r, i) => !_clocks[i].Known).Select(r => r.TimeZone).ToArray(),
        };
    }
}
