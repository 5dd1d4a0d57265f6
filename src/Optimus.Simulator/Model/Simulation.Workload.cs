using Optimus.Core.Economics;
using Optimus.Core.Placement;
using Optimus.Simulator.Engine;
using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Model;

/// <summary>
/// Demand: per region, interactive requests as a Poisson process whose rate follows the daily curve in local time
/// (exact for a rate constant within each local hour: the next arrival is redrawn at each hour boundary), and batch
/// jobs arriving uniformly. Rates are per vehicle of the region, divided by the sampling factor.
/// </summary>
internal sealed partial class Simulation
{
    private readonly BatchJobs _batch = new();
    private double[] _interactivePerSecond = [];
    private double[] _batchJobsPerSecond = [];
    private double _curveMean;
    private int _batchJobSize;

    private void InitialiseWorkload()
    {
        var perRegion = new long[_config.Regions.Count];
        for (var v = 0; v < _fleet.Count; v++)
        {
            perRegion[_fleet[v].Region]++;
        }

        var w = _config.Workload;
        _curveMean = w.InteractiveCurve.Average();
        var k = (double)_run.SamplingFactor;
        _interactivePerSecond = perRegion.Select(n => _curveMean <= 0 ? 0 : n * w.InteractiveRequestsPerVehicleDay / k / 86400 / _curveMean).ToArray();
        _batchJobSize = Math.Max(1, (int)Math.Round(w.BatchJobRequests / k));
        _batchJobsPerSecond = perRegion.Select(n => n * w.BatchRequestsPerVehicleDay / k / _batchJobSize / 86400).ToArray();

        // Placement knows a job's class and expected length (from the mean lengths, not the request's own answer).
        var capacity = _capacities.FirstOrDefault(c => c.Slots > 0);
        var expected = capacity.Slots == 0 ? 0 : (Mean(w.PromptTokens) / capacity.PrefillTokensPerSecond) + (Mean(w.OutputTokens) / capacity.StreamTokensPerSecond);
        _interactivePlacement = new PlacementRequest(JobClass.Interactive, expected);
        _batchPlacement = new PlacementRequest(JobClass.Batch, expected);
    }

    private static double Mean(Config.LengthDistribution d) =>
        d.Kind == Config.LengthDistribution.Exponential ? d.Median : d.Median * Math.Exp(d.Sigma * d.Sigma / 2);

    private void StartWorkload()
    {
        for (var r = 0; r < _config.Regions.Count; r++)
        {
            ScheduleInteractive(r, 0);
            ScheduleBatch(r, 0);
        }
    }

    private void ScheduleInteractive(int region, long t)
    {
        var clock = _clocks[region];
        var rate = _interactivePerSecond[region] * _config.Workload.InteractiveCurve[clock.LocalHour(t)];
        var hourEnd = clock.ToSim((SimTime.FloorDiv(clock.Local(t), SimTime.Hour) + 1) * SimTime.Hour);
        var next = rate > 0 ? t + Math.Max(1, SimTime.FromSeconds(Draw.Exponential(_workloadRandom, 1 / rate))) : long.MaxValue;
        if (next >= hourEnd)
        {
            // The rate changes at the hour: memorylessness lets us redraw from there, with no arrival now.
            _queue.Push(Math.Max(hourEnd, t + 1), EventKind.InteractiveArrival, region, 1);
        }
        else
        {
            _queue.Push(next, EventKind.InteractiveArrival, region, 0);
        }
    }

    private void ScheduleBatch(int region, long t)
    {
        var rate = _batchJobsPerSecond[region];
        if (rate > 0)
        {
            _queue.Push(t + Math.Max(1, SimTime.FromSeconds(Draw.Exponential(_workloadRandom, 1 / rate))), EventKind.BatchArrival, region);
        }
    }

    private void OnInteractiveArrival(int region, bool redrawOnly, long t)
    {
        ScheduleInteractive(region, t);
        if (redrawOnly)
        {
            return;
        }

        var w = _config.Workload;
        _series.Count(Counter.InteractiveArrivals, t);
        var prompt = (float)Draw.Length(_workloadRandom, w.PromptTokens);
        var output = (float)Draw.Length(_workloadRandom, w.OutputTokens);
        if (Draw.Chance(_workloadRandom, w.CloudShare) && w.CloudEnabled)
        {
            ToCloud(false, prompt, output, t, t, chargePrompt: true, firstToken: true, Counter.CloudRouted);
            return;
        }

        if (_interactive.Count >= w.MaxQueueLength)
        {
            ToCloud(false, prompt, output, t, t, chargePrompt: true, firstToken: true, Counter.CloudSpilled);
            return;
        }

        _interactive.Enqueue(_requests.Allocate(t, prompt, output, isBatch: false));
        Pump(t);
    }

    private void OnBatchArrival(int region, long t)
    {
        ScheduleBatch(region, t);
        var size = _batchJobSize;
        var job = _batch.Add(t, size);
        _series.Count(Counter.BatchRequests, t, size);
        _queue.Push(t + SimTime.FromHours(_config.Workload.BatchDeadlineHours), EventKind.BatchDeadline, job);
        Pump(t);
    }

    private void OnBatchDeadline(int job, long t) => SendBatchToCloud(job, t);

    /// <summary>At the horizon, batch work not started goes to the cloud, so every accepted request has an outcome.</summary>
    private void CloseBatchAtHorizon(long t)
    {
        for (var job = 0; job < _batch.Count; job++)
        {
            SendBatchToCloud(job, t);
        }
    }

    private void SendBatchToCloud(int job, long t)
    {
        var left = _batch.TakeAll(job);
        for (var i = 0; i < left; i++)
        {
            var prompt = (float)Draw.Length(_batchRandom, _config.Workload.PromptTokens);
            var output = (float)Draw.Length(_batchRandom, _config.Workload.OutputTokens);
            ToCloud(true, prompt, output, _batch.Arrival(job), t, chargePrompt: true, firstToken: false, Counter.CloudBatch);
        }
    }

    /// <summary>Finishes a request on the cloud tier (or rejects it when there is none): its price, upstream cost, latency.</summary>
    private void ToCloud(bool isBatch, float prompt, float remaining, long arrival, long t, bool chargePrompt, bool firstToken, Counter reason)
    {
        var w = _config.Workload;
        if (!w.CloudEnabled)
        {
            _series.Count(Counter.Rejected, t);
            return;
        }

        var e = _config.Economics;
        var discount = isBatch ? 1 - e.BatchDiscount : 1;
        var promptTokens = chargePrompt ? prompt : 0;
        var charge = NanoDollars.ForTokens(promptTokens, e.CloudInputDollarsPerMtok * discount) + NanoDollars.ForTokens(remaining, e.CloudOutputDollarsPerMtok * discount);
        var upstream = NanoDollars.ForTokens(promptTokens, e.CloudInputDollarsPerMtok * discount * e.CloudUpstreamShare) +
                       NanoDollars.ForTokens(remaining, e.CloudOutputDollarsPerMtok * discount * e.CloudUpstreamShare);
        var h = _series.HourOf(t);
        _series.CloudChargesNano[h] += charge;
        _series.CloudUpstreamNano[h] += upstream;
        _series.CloudTokens[h] += remaining;
        _series.Count(reason, t);
        if (firstToken && !isBatch)
        {
            _series.RecordTtft(t, SimTime.ToSeconds(t - arrival) * 1000 + w.CloudTtftMs, edge: false);
        }
    }
}
