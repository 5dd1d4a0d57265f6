using Optimus.Abstractions;
using Optimus.Gateway.Api;
using Optimus.Protocol;
using ProtoChatMessage = Optimus.Protocol.ChatMessage;

namespace Optimus.Gateway.Devices;

/// <summary>
/// Starts a request on a vehicle: asks the dispatcher grain for a placement, sends the job down the vehicle's stream
/// and waits for its first event. A vehicle that is gone or busy before producing anything is released and another is
/// tried, up to <see cref="GatewayOptions.MaxAttempts"/>.
/// </summary>
internal sealed class InferenceDispatcher(IGrainFactory grains, AgentSessions sessions, JobTable jobs, GatewayOptions options)
{
    private IDispatcherGrain Dispatcher => grains.GetGrain<IDispatcherGrain>(IDispatcherGrain.DefaultCell);

    public async Task<(RunningJob? Job, ApiError? Error)> StartAsync(InferenceRequest request, string jobId, CancellationToken cancellationToken)
    {
        var lostReason = "no vehicle answered";
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            var placement = await Dispatcher.Place(jobId);
            if (placement is null)
            {
                return (null, attempt == 1 ? ApiError.NoVehicle() : ApiError.VehicleLost(lostReason));
            }

            if (request.MaxTokens > placement.ContextLength)
            {
                Release(placement, jobId);
                return (null, ApiError.Invalid(
                    $"'max_tokens' is {request.MaxTokens}, but the edge model's context holds {placement.ContextLength} tokens in all (prompt and completion).",
                    "max_tokens",
                    "context_length_exceeded"));
            }

            var session = sessions.Find(placement.VehicleId, placement.LeaseEpoch);
            if (session is null)
            {
                Release(placement, jobId);
                lostReason = $"vehicle {placement.VehicleId} disconnected";
                continue;
            }

            var handle = jobs.Register(jobId, placement.VehicleId, placement.LeaseEpoch);
            session.Send(new CoordinatorMessage { Job = Assignment(request, jobId, placement.LeaseEpoch) });
            JobEvent first;
            try
            {
                first = await handle.Events.ReadAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                session.Send(new CoordinatorMessage { Cancel = new CancelJob { JobId = jobId } });
                jobs.Remove(handle);
                Release(placement, jobId);
                throw;
            }

            if (first is JobEvent.Lost or JobEvent.Failed { Code: "vehicle_busy" })
            {
                jobs.Remove(handle);
                Release(placement, jobId);
                lostReason = first is JobEvent.Lost lost ? lost.Reason : "vehicle busy";
                continue;
            }

            return (new RunningJob(handle, session, placement, first, attempt, Finish), null);
        }

        return (null, ApiError.VehicleLost(lostReason));
    }

    private void Finish(RunningJob job)
    {
        jobs.Remove(job.Handle);
        _ = Dispatcher.Release(job.VehicleId, job.LeaseEpoch, job.Handle.JobId);
    }

    private void Release(Placement placement, string jobId) => _ = Dispatcher.Release(placement.VehicleId, placement.LeaseEpoch, jobId);

    private static JobAssignment Assignment(InferenceRequest request, string jobId, long epoch)
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
        foreach (var message in request.Messages ?? [])
        {
            job.Messages.Add(new ProtoChatMessage { Role = message.Role, Content = message.Content });
        }

        return job;
    }
}
