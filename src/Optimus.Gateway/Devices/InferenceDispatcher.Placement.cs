using Optimus.Abstractions;
using Optimus.Core.Placement;
using Optimus.Gateway.Api;
using Optimus.Protocol;
using ProtoChatMessage = Optimus.Protocol.ChatMessage;

namespace Optimus.Gateway.Devices;

/// <summary>Placing a job and sending it to the chosen vehicle, with admission control when the fleet is busy.</summary>
internal sealed partial class InferenceDispatcher
{
    // Places the job and sends it. With queue, a saturated fleet makes the request wait in the bounded admission queue
    // (or answers 429 when that is full); without (hedges, batch), it gives up at once. A queued request also queues
    // when others already wait (so a fresh request cannot take a freed slot ahead of them) and, with waitFirst, before
    // its first try (its last car refused it as busy: the slot the dispatcher counted free is not free on the car yet).
    private async Task<(Attempt? Attempt, ApiError? Error)> PlaceAndSendAsync(InferenceRequest request, string jobId, IReadOnlyList<int> prefix, AttemptLog log, bool queue, CancellationToken cancellationToken, bool waitFirst = false)
    {
        var expectedSeconds = Math.Max(request.MaxTokens, 256) / options.AssumedTokensPerSecond;
        var queuedUntil = time.GetUtcNow() + options.RequestDeadline;
        AdmissionControl.Ticket? ticket = null;
        try
        {
            if (queue && request.Class != JobClass.Batch && (waitFirst || admission.Waiting > 0))
            {
                if ((ticket = admission.TryEnter(AdmissionControl.CurrentKey)) is null)
                {
                    return (null, ApiError.Saturated(admission.Waiting));
                }

                await admission.WaitTurnAsync(ticket, again: false, cancellationToken);
            }

            for (var stale = 0; ;)
            {
                var result = await PlaceAsync(jobId, request, expectedSeconds);
                if (result.Placement is not { } placement)
                {
                    if (!result.Saturated || !queue || request.Class == JobClass.Batch || time.GetUtcNow() > queuedUntil)
                    {
                        return (null, ApiError.NoVehicle());
                    }

                    var again = ticket is not null;
                    ticket ??= admission.TryEnter(AdmissionControl.CurrentKey);
                    if (ticket is null)
                    {
                        return (null, ApiError.Saturated(admission.Waiting));
                    }

                    await admission.WaitTurnAsync(ticket, again, cancellationToken);
                    continue;
                }

                if (request.MaxTokens > placement.ContextLength)
                {
                    Release(placement, jobId);
                    return (null, ApiError.Invalid(
                        $"'max_tokens' is {request.MaxTokens}, but the edge model's context holds {placement.ContextLength} tokens in all (prompt and completion).",
                        "max_tokens",
                        JobFailureCodes.ContextLengthExceeded));
                }

                var session = sessions.Find(placement.VehicleId, placement.LeaseEpoch);
                if (session is null && cluster is not null &&
                    await cluster.StartRemoteAsync(placement, Assignment(request, jobId, placement.LeaseEpoch, prefix)) is { } remote)
                {
                    // Cluster mode: the vehicle is connected to another gateway, which relays the job and its events.
                    return (new Attempt(jobId, remote.Handle, remote.Link, placement, log, log.NextNumber(), time.GetUtcNow(), time.GetTimestamp()), null);
                }

                if (session is null)
                {
                    // Its stream ended between the placement and now (the grain will hear of it): place again.
                    Release(placement, jobId);
                    if (++stale > 8)
                    {
                        return (null, ApiError.NoVehicle());
                    }

                    continue;
                }

                var handle = jobs.Register(jobId, placement.VehicleId, placement.LeaseEpoch, request.MaxTokens > 0 ? request.MaxTokens : placement.ContextLength);
                session.Send(new CoordinatorMessage { Job = Assignment(request, jobId, placement.LeaseEpoch, prefix) });
                return (new Attempt(jobId, handle, session, placement, log, log.NextNumber(), time.GetUtcNow(), time.GetTimestamp()), null);
            }
        }
        finally
        {
            ticket?.Dispose();
        }
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

        var job = new JobAssignment
        {
            JobId = jobId,
            LeaseEpoch = epoch,
            Sampling = sampling,
            IsRawPrompt = !request.IsChat,
            Prompt = request.Prompt ?? string.Empty,
            Category = JobCategories.Of(request.Class),
        };
        job.PrefixTokens.Add(prefix);
        foreach (var message in request.Messages ?? [])
        {
            job.Messages.Add(new ProtoChatMessage { Role = message.Role, Content = message.Content });
        }

        return job;
    }
}
