using Optimus.Core.Economics;
using Optimus.Core.Placement;
using Optimus.Core.Randomness;
using Optimus.Simulator.Config;
using Optimus.Simulator.Engine;
using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Model;

/// <summary>
/// The discrete-event simulation of one run. A shell around Optimus.Core, like the coordinator: vehicles' availability
/// comes from Core's Availability.Evaluate, placement from Core's PowerOfTwoChoicesPlacementPolicy, device speed,
/// energy and money from Core's Economics. Single-threaded and ordered by (time, sequence), so a seed replays exactly.
/// The parts live in Simulation.*.cs: mobility, robotaxis, availability, workload, dispatch, accounting.
/// </summary>
internal sealed partial class Simulation
{
    private readonly SimulationConfig _config;
    private readonly RunSettings _run;
    private readonly long _horizon;
    private readonly EventQueue _queue;
    private readonly RegionClock[] _clocks;
    private readonly PolicyTable _policies;
    private readonly FleetState _fleet;
    private readonly ServerState _servers;
    private readonly RequestTable _requests = new();
    private readonly HourlySeries _series;
    private readonly MobilityStats _mobility = new();
    private readonly IRandomSource _mobilityRandom;
    private readonly IRandomSource _workloadRandom;
    private readonly IRandomSource _placementRandom;
    private readonly IRandomSource _batchRandom;
    private readonly PowerOfTwoChoicesPlacementPolicy _placement = new();
    private readonly SimulatorRevenueSplit _split;
    private readonly DateTimeOffset _start;
    private readonly ServingCapacity[] _capacities;
    private bool _pastHorizon;
    private long _events;
    private long _evaluations;

    public Simulation(SimulationConfig config, RunSettings run)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        var errors = ConfigValidator.Validate(config, run);
        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join(Environment.NewLine, errors));
        }

        _config = config;
        _run = run;
        _start = config.Start.ToUniversalTime();
        _horizon = SimTime.FromHours(run.Days * 24);
        _queue = new EventQueue(_horizon + SimTime.Day);
        _clocks = config.Regions.Select(r => new RegionClock(r.TimeZone, _start, _queue.End)).ToArray();
        _series = new HourlySeries((int)Math.Ceiling(run.Days * 24 - 1e-9), config.Regions.Count + 1);
        var randomFactory = new SeededRandomSourceFactory(run.Seed);
        _mobilityRandom = randomFactory.Create("mobility");
        _workloadRandom = randomFactory.Create("workload");
        _placementRandom = randomFactory.Create("placement");
        _batchRandom = randomFactory.Create("batch");
        _split = SimulatorRevenueSplit.FromShare(config.Economics.OwnerShare);
        _policies = new PolicyTable(config);
        _capacities = PopulationBuilder.Capacities(config);
        (_fleet, _servers) = PopulationBuilder.Build(config, run, _policies, _capacities, randomFactory.Create("population"));
        InitialiseWorkload();
    }

    /// <summary>Runs to the horizon, drains the requests in flight, and returns the results.</summary>
    public SimulationResult Run(Action<SimulationProgress>? progress = null, long progressEvery = 1 << 20)
    {
        InitialiseVehicles();
        _queue.Push(Math.Min(SimTime.Hour, _horizon), EventKind.Tick, 0);
        StartWorkload();
        while (_queue.TryPop(out var e))
        {
            _events++;
            Handle(e);
            if (_pastHorizon && Outstanding == 0)
            {
                break;
            }

            if (progress is not null && (_events % progressEvery) == 0)
            {
                progress(new SimulationProgress(e.Time, _horizon, _events));
            }
        }

        progress?.Invoke(new SimulationProgress(_horizon, _horizon, _events));
        return BuildResult();
    }

    /// <summary>Requests accepted and not yet finished: queued, running, continuing, or batch work not started.</summary>
    private long Outstanding => _requests.Live + _batch.Pending;

    private void Handle(in SimEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.Tick:
                OnTick(e.Time);
                break;
            case EventKind.Mobility when e.Time < _horizon:
                OnMobility(e.Target, (MobilityStep)e.Data, e.Time);
                break;
            case EventKind.Recheck when e.Time < _horizon && e.Data == _fleet[e.Target].RecheckVersion:
                Evaluate(e.Target, e.Time);
                break;
            case EventKind.InteractiveArrival when e.Time < _horizon:
                OnInteractiveArrival(e.Target, e.Data != 0, e.Time);
                break;
            case EventKind.BatchArrival when e.Time < _horizon:
                OnBatchArrival(e.Target, e.Time);
                break;
            case EventKind.BatchDeadline when e.Time < _horizon:
                OnBatchDeadline(e.Target, e.Time);
                break;
            case EventKind.Completion:
                OnCompletion(e.Target, e.Data, e.Time);
                break;
        }
    }

    private void OnTick(long t)
    {
        AccrueAllServers(t);
        _series.CloseHour(t);
        PurgeExpired(t);
        if (t < _horizon)
        {
            _queue.Push(Math.Min(t + SimTime.Hour, _horizon), EventKind.Tick, 0);
            return;
        }

        if (!_pastHorizon)
        {
            _pastHorizon = true;
            CloseBatchAtHorizon(t);
        }

        if (t >= _horizon + SimTime.Hour)
        {
            // An hour into the drain, whatever still waits (no vehicle left to take it) finishes in the cloud.
            FlushQueuesToCloud(t);
        }

        if (Outstanding > 0)
        {
            _queue.Push(t + SimTime.Minute, EventKind.Tick, 0);
        }
    }
}
