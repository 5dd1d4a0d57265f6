using Optimus.Abstractions;
using Optimus.Gateway.Api;
using Optimus.Protocol;
using ProtoChatMessage = Optimus.Protocol.ChatMessage;

namespace Optimus.Gateway.Devices;

/// <summary>
/// Starts requests on vehicles: asks the dispatcher grain for a placement, sends the job down the vehicle's stream and
/// waits for its first event. A vehicle that is gone or busy before producing anything is released and another tried;
/// one that leaves mid-answer is replaced by <see cref="ServedJob"/>, bounded by attempts and a deadline.
/// </summary>
internal sealed partial class InferenceDispatcher(IGrainFactory grains, AgentSessions sessions, JobTable jobs, AdmissionControl admission, GatewayOptions options, TimeProvider time, ILogger<InferenceDispatcher> logger)
{
    private long _failovers;

    public int MaxAttempts => options.MaxAttempts;

    /// <summary>Mid-answer continuations on another vehicle since start.</summary>
    public long Failovers => Interlocked.Read(ref _failovers);

    private IDispatcherGrain Dispatcher => grains.GetGrain<IDispatcherGrain>(IDispatcherGrain.DefaultCell);

    public async Task<(ServedJob? Job, ApiError? Error)> StartAsync(InferenceRequest request, string jobId, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.RequestDeadline;
        var lostReason = "no vehicle answered";
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            var (started, first, error) = await TryAttemptAsync(request, jobId, [], cancellationToken);
            if (error is not null)
            {
                return (null, attempt == 1 || error.Code != "no_vehicle_available" ? error : ApiError.VehicleLost(lostReason));
            }

            if (first is JobEvent.Lost or JobEvent.Failed { Code: JobFailureCodes.VehicleDeparted or JobFailureCodes.VehicleBusy })
            {
                Release(started!, jobId);
                lostReason = first is JobEvent.Lost lost ? lost.Reason : ((JobEvent.Failed)first).Message;
                continue;
            }

            return (new ServedJob(this, request, jobId, started!, first!, deadline, time), null);
        }

        return (null, ApiError.VehicleLost(lostReason));
    }

    /// <summary>
    /// One attempt: place, send, wait for the first event. <paramref name="prefix"/> holds tokens already delivered
    /// to the client, for a continuation. Returns the attempt with its first event, or an error when nothing was placed.
    /// </summary>
    public async Task<(Attempt? Attempt, JobEvent? First, ApiError? Error)> TryAttemptAsync(InferenceRequest request, string jobId, IReadOnlyList<int> prefix, CancellationToken cancellationToken)
    {
        var expectedSeconds = Math.Max(request.MaxTokens, 256) / options.AssumedTokensPerSecond;
        var queued = false;
        var queuedUntil = time.GetUtcNow() + options.RequestDeadline;
        try
        {
            for (var tries = 0; ; tries++)
            {
                var result = await Dispatcher.Place(jobId, request.Class, expectedSeconds);
                if (result.Placement is not { } placement)
                {
                    if (!result.Saturated || request.Class == Core.Placement.JobClass.Batch)
                    {
                        return (null, null, ApiError.NoVehicle());
                    }

                    if (!queued && !(queued = admission.TryEnter()))
                    {
                        return (null, null, ApiError.Saturated(admission.Waiting));
                    }

                    if (time.GetUtcNow() > queuedUntil)
                    {
                        return (null, null, ApiError.NoVehicle());
                    }

                    await admission.WaitForCapacityAsync(time, cancellationToken);
                    tries--;
                    continue;
                }

                var attempt = await SendAsync(request, jobId, prefix, placement, cancellationToken);
                if (attempt.Attempt is not null || attempt.Error?.Code != "no_vehicle_available" || tries >= 8)
                {
                    return attempt;
                }
            }
        }
        finally
        {
            if (queued)
            {
                admission.Leave();
            }
        }
    }

    // Sends the job to the placed vehicle and waits for its first event. A vehicle whose stream ended between the
    // placement and now (the grain will hear of it) yields no attempt, and the caller places again.
    private async Task<(Attempt? Attempt, JobEvent? First, ApiError? Error)> SendAsync(InferenceRequest request, string jobId, IReadOnlyList<int> prefix, Placement placement, CancellationToken cancellationToken)
    {
        if (request.MaxTokens > placement.ContextLength)
        {
            Release(placement, jobId);
            return (null, null, ApiError.Invalid(
                $"'max_tokens' is {request.MaxTokens}, but the edge model's context holds {placement.ContextLength} tokens in all (prompt and completion).",
                "max_tokens",
                "context_length_exceeded"));
        }

        var session = sessions.Find(placement.VehicleId, placement.LeaseEpoch);
        if (session is null)
        {
            Release(placement, jobId);
            return (null, null, ApiError.NoVehicle());
        }

        var handle = jobs.Register(jobId, placement.VehicleId, placement.LeaseEpoch);
        var attempt = new Attempt(handle, session, placement);
        session.Send(new CoordinatorMessage { Job = Assignment(request, jobId, placement.LeaseEpoch, prefix) });
        try
        {
            return (attempt, await handle.Events.ReadAsync(cancellationToken), null);
        }
        catch (OperationCanceledException)
        {
            session.Send(new CoordinatorMessage { Cancel = new CancelJob { JobId = jobId } });
            Release(attempt, jobId);
            throw;
        }
    }

    public void Release(Attempt attempt, string jobId)
    {
        jobs.Remove(attempt.Handle);
        Release(attempt.Placement, jobId);
    }

    public void RecordFailover(string reason)
    {
        Interlocked.Increment(ref _failovers);
        LogFailover(reason);
    }

    private void Release(Placement placement, string jobId)
    {
        _ = Dispatcher.Release(placement.VehicleId, placement.LeaseEpoch, jobId);
        admission.Pulse();
    }

    private static JobAssignment Assignment(InferenceRequest request, string jobId, long epoch, IReadOnlyList<int> prefix)
    {
        var sampling = new Sampling
        {
            MaxTokens = request.MaxTokens,
            Temperature = request.Temperature,
            TopP = request.TopP,
            HasSeed = request.Seed.HasValue,
            Seed = request.Seed ?? 0,
            TopLogprobs = request.Logprobs ? request.TopLogprobs : 0,
        };
        if (request.Stop is { } stop)
        {
            sampling.Stop.Add(stop);
        }

        var job = new JobAssignment { JobId = jobId, LeaseEpoch = epoch, Sampling = sampling, IsRawPrompt = !request.IsChat, Prompt = request.Prompt ?? string.Empty };
        job.PrefixTokens.Add(prefix);
        foreach (var message in request.Messages ?? [])
        {
            job.Messages.Add(new ProtoChatMessage { Role = message.Role, Content = message.Content });
        }

        return job;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A vehicle left mid-answer ({Reason}); the job continues on another vehicle")]
    private partial void LogFailover(string reason);
}
