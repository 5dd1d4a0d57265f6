using Optimus.Abstractions;
using Optimus.Core.Placement;
using Optimus.Gateway.Api;
using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>
/// Starts requests on vehicles: asks the dispatcher grain for a placement, sends the job down the vehicle's stream and
/// waits for its first event. A vehicle that is gone or busy before producing anything is released and another tried.
/// If the first token is late (past the recent p95), the job is hedged on a second vehicle and the first to answer
/// wins. A vehicle that leaves mid-answer is replaced by <see cref="ServedJob"/>, bounded by attempts and a deadline.
/// </summary>
internal sealed partial class InferenceDispatcher(
    IGrainFactory grains,
    AgentSessions sessions,
    JobTable jobs,
    AdmissionControl admission,
    TokenCounters counters,
    GatewayOptions options,
    TimeProvider time,
    ILogger<InferenceDispatcher> logger,
    Cluster.ClusterRelay? cluster = null)
{
    private readonly HedgeDelay _hedgeDelay = new(options.InitialHedgeDelay, options.MinimumHedgeDelay);
    private readonly Lock _hedgeLock = new();
    private long _failovers;
    private long _hedges;
    private long _hedgeWins;
    private long _dishonest;
    private long _busyRefusals;

    public int MaxAttempts => options.MaxAttempts;

    /// <summary>How long a request waits for the next event of a vehicle that has started answering.</summary>
    public TimeSpan StallTimeout => options.StallTimeout;

    // Busy refusals a request waits out without spending an attempt (see StartAsync).
    private const int MaxBusyRefusals = 16;

    /// <summary>The most completion tokens a request without max_tokens receives: what metering reserves for it.</summary>
    public int DefaultCompletionCap => options.ReservedCompletionTokens;

    /// <summary>The gateway's own prompt counts, which requests are billed by.</summary>
    public TokenCounters Counters => counters;

    /// <summary>Answers whose vehicle misreported its counts or went past the request's limit, since start.</summary>
    public long DishonestAnswers => Interlocked.Read(ref _dishonest);

    /// <summary>How long a request that lost its vehicle mid-answer waits for another when none is free.</summary>
    public TimeSpan ContinuationWait => options.ContinuationWait;

    /// <summary>Mid-answer continuations on another vehicle since start.</summary>
    public long Failovers => Interlocked.Read(ref _failovers);

    /// <summary>Requests hedged on a second vehicle, and how many of those the hedge won.</summary>
    public (long Started, long Won) Hedges => (Interlocked.Read(ref _hedges), Interlocked.Read(ref _hedgeWins));

    /// <summary>First attempts a car refused as busy (its die not yet free) that waited for a slot instead of failing.</summary>
    public long BusyRefusals => Interlocked.Read(ref _busyRefusals);

    public TimeSpan CurrentHedgeDelay
    {
        get
        {
            lock (_hedgeLock)
            {
                return _hedgeDelay.Current;
            }
        }
    }

    private readonly DispatchCells _cells = new(options.DispatchCells);
    private int _nextCell;

    public async Task<(ServedJob? Job, ApiError? Error)> StartAsync(InferenceRequest request, string jobId, AttemptLog log, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.RequestDeadline;
        var lostReason = "no vehicle answered";
        var refused = false;
        var busyRefusals = 0;
        for (var tries = 1; tries <= options.MaxAttempts;)
        {
            var (attempt, error) = await PlaceAndSendAsync(request, jobId, [], log, queue: true, cancellationToken, waitFirst: refused);
            if (attempt is null)
            {
                return (null, tries == 1 || error!.Code != "no_vehicle_available" ? error : ApiError.VehicleLost(lostReason));
            }

            var (winner, first, reason, busy) = await FirstAnswerAsync(request, attempt, cancellationToken);
            if (winner is null)
            {
                lostReason = reason!;

                // A car that says every die is busy did not fail: the dispatcher counted a slot free that the car has
                // not freed yet (it frees a slot when it sends a cancel or reads a finish, a moment before the car's die
                // stops). The fleet is saturated, so the request waits for a slot like any other rather than spending
                // an attempt; only cars that failed or left count toward MaxAttempts. The request deadline bounds it,
                // and so does a budget of busy refusals: a car that answers busy forever (a hostile one advertising
                // free slots) cannot keep a request cycling, each refusal past the budget spends an attempt.
                refused = busy && time.GetUtcNow() < deadline && ++busyRefusals <= MaxBusyRefusals;
                if (refused)
                {
                    Interlocked.Increment(ref _busyRefusals);
                }
                else
                {
                    tries++;
                }

                continue;
            }

            return (new ServedJob(this, request, jobId, winner, first!, deadline, time), null);
        }

        return (null, ApiError.VehicleLost(lostReason));
    }

    /// <summary>
    /// One attempt for a continuation: place (queueing if the fleet is busy), send, wait for the first event.
    /// <paramref name="prefix"/> holds the tokens already delivered to the client.
    /// </summary>
    public async Task<(Attempt? Attempt, JobEvent? First, ApiError? Error)> TryAttemptAsync(InferenceRequest request, string jobId, IReadOnlyList<int> prefix, AttemptLog log, CancellationToken cancellationToken)
    {
        var (attempt, error) = await PlaceAndSendAsync(request, jobId, prefix, log, queue: true, cancellationToken);
        if (attempt is null)
        {
            return (null, null, error);
        }

        // A continuation's first event within StallTimeout, or the vehicle is taken as gone (the caller moves on).
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(options.StallTimeout);
        try
        {
            return (attempt, await attempt.Handle.Events.ReadAsync(stall.Token), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            attempt.Session.CancelJob(attempt.JobId);
            return (attempt, new JobEvent.Lost($"no word from the vehicle for {options.StallTimeout.TotalSeconds:0} s"), null);
        }
        catch (OperationCanceledException)
        {
            Abandon(attempt);
            throw;
        }
    }

    /// <summary>Ends an attempt: frees the vehicle's slot and adds what the attempt used to the request's log.</summary>
    public void Release(Attempt attempt, AttemptOutcome outcome, int completionTokens = 0)
    {
        jobs.Remove(attempt.Handle);
        cluster?.Forget(attempt.JobId);
        Release(attempt.Placement, attempt.JobId);
        var micros = (long)time.GetElapsedTime(attempt.SentTimestamp).TotalMicroseconds;
        attempt.Log.Add(new AttemptUsage(
            attempt.Number, attempt.Placement.VehicleId, attempt.Placement.LeaseEpoch, attempt.Session.PowerWatts, attempt.Started, micros, completionTokens, outcome));
    }

    /// <summary>How an attempt that must move ended: fenced when its lease expired, else moved.</summary>
    public static AttemptOutcome MoveOutcome(Attempt attempt) => attempt.Session.Expired ? AttemptOutcome.Fenced : AttemptOutcome.Moved;

    /// <summary>
    /// A vehicle's answer disagreed with what the gateway counted: the vehicle is judged as having returned a wrong
    /// result (the verification policy's input), which quarantines it. The customer is billed the gateway's count.
    /// </summary>
    public void ReportDishonest(string vehicleId, string what)
    {
        Interlocked.Increment(ref _dishonest);
        LogDishonest(vehicleId, what);
        _ = JudgeAsync(vehicleId);
    }

    private async Task JudgeAsync(string vehicleId)
    {
        try
        {
            await grains.GetGrain<IVehicleGrain>(vehicleId).Judge((int)Core.Verification.AttemptJudgement.Invalid, canary: false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogJudgeFailed(vehicleId, ex);
        }
    }

    public void RecordFailover(string reason)
    {
        Interlocked.Increment(ref _failovers);
        LogFailover(reason);
    }

    /// <summary>True for a first event that means "try another vehicle" rather than an answer.</summary>
    public static bool MustMove(JobEvent jobEvent) =>
        jobEvent is JobEvent.Lost || (jobEvent is JobEvent.Failed failed && JobFailureCodes.ShouldMove(failed.Code));

    // Waits for the first event of the attempt, hedging on a second vehicle when it is late. Returns the winning
    // attempt with its first event (the loser is cancelled and released), or null with a reason when both fail, and
    // whether every car that failed only refused as busy.
    private async Task<(Attempt? Winner, JobEvent? First, string? Reason, bool Busy)> FirstAnswerAsync(InferenceRequest request, Attempt attempt, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pending = new List<(Attempt Attempt, Task<JobEvent> First)> { (attempt, attempt.Handle.Events.ReadAsync(cancellationToken).AsTask()) };
        string? reason = null;
        var busy = true;
        try
        {
            // No hedge while requests wait for a slot: the slot is theirs, and a hedge that loses is cancelled, leaving
            // a car whose die is still stopping for the next placement to find busy.
            if (options.Hedging && request.Class == JobClass.Interactive && admission.Waiting == 0)
            {
                var delay = Task.Delay(CurrentHedgeDelay, time, cancellationToken);
                if (await Task.WhenAny(pending[0].First, delay) == delay)
                {
                    var (hedge, _) = await PlaceAndSendAsync(request, attempt.JobId + ".hedge", [], attempt.Log, queue: false, cancellationToken);
                    if (hedge is not null)
                    {
                        Interlocked.Increment(ref _hedges);
                        pending.Add((hedge, hedge.Handle.Events.ReadAsync(cancellationToken).AsTask()));
                    }
                }
            }

            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending.Select(p => p.First));
                var entry = pending.Single(p => p.First == done);
                pending.Remove(entry);
                var first = await done;
                if (MustMove(first))
                {
                    Release(entry.Attempt, MoveOutcome(entry.Attempt));
                    reason = first is JobEvent.Lost lost ? lost.Reason : ((JobEvent.Failed)first).Message;
                    busy &= first is JobEvent.Failed { Code: JobFailureCodes.VehicleBusy };
                    continue;
                }

                if (entry.Attempt != attempt)
                {
                    Interlocked.Increment(ref _hedgeWins);
                }

                lock (_hedgeLock)
                {
                    _hedgeDelay.Record(time.GetElapsedTime(started));
                }

                return (entry.Attempt, first, null, false);
            }

            return (null, null, reason ?? "no vehicle answered", busy && reason is not null);
        }
        finally
        {
            foreach (var loser in pending)
            {
                Abandon(loser.Attempt);
            }
        }
    }

    // Stops an attempt nobody will read: the vehicle is told to stop and its slot is released.
    private void Abandon(Attempt attempt)
    {
        attempt.Session.CancelJob(attempt.JobId);
        Release(attempt, AttemptOutcome.Abandoned);
    }

    private void Release(Placement placement, string jobId)
    {
        // Wake a waiter once the grain has freed the slot, so that its placement finds it.
        _ = grains.GetGrain<IDispatcherGrain>(_cells.CellOf(placement.VehicleId)).Release(placement.VehicleId, placement.LeaseEpoch, jobId)
            .ContinueWith(static (_, state) => ((AdmissionControl)state!).Pulse(), admission, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // Tries the cells in turn from a rotating start, so load spreads over the dispatchers; the fleet is saturated only
    // if some cell is (the others have no vehicle at all).
    private async Task<PlacementResult> PlaceAsync(string jobId, InferenceRequest request, double expectedSeconds)
    {
        var saturated = false;
        var constraints = request.Filter is { IsAny: false } filter ? PlacementConstraints.From(filter) : null;
        foreach (var cell in _cells.FromStart(Interlocked.Increment(ref _nextCell)))
        {
            var result = await grains.GetGrain<IDispatcherGrain>(cell).Place(jobId, request.Class, expectedSeconds, constraints);
            if (result.Placement is not null)
            {
                return result;
            }

            saturated |= result.Saturated;
        }

        return new PlacementResult(null, saturated);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle {VehicleId} {What}: it loses its reputation, and the customer is billed what the gateway counted")]
    private partial void LogDishonest(string vehicleId, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording vehicle {VehicleId}'s misreport failed")]
    private partial void LogJudgeFailed(string vehicleId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "A vehicle left mid-answer ({Reason}); the job continues on another vehicle")]
    private partial void LogFailover(string reason);
}
