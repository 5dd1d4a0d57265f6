using Optimus.Abstractions;
using Optimus.Core.Inference;
using Optimus.Core.Randomness;
using Optimus.Core.Verification;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Api;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Storage;

namespace Optimus.Gateway.Verification;

/// <summary>
/// Result verification (BOINC's adaptive replication, with the Core policy): a non-streamed deterministic request is
/// answered by a primary vehicle; the policy decides from that vehicle's reputation whether to run it again on a
/// second vehicle of the same hardware class and model build and of another owner; the outputs are compared exactly,
/// a mismatch goes to a third vehicle, and only a verified (or, for a proven vehicle not drawn for replication, trusted)
/// output is delivered. Every vehicle involved is judged on its grain (a wrong one is quarantined at once and stops
/// serving). Only the delivered attempt is billed and pays its owner; a wrong result is never delivered and never paid.
/// Canaries with known outputs are sent along with customer work at the policy's rate.
/// </summary>
internal sealed partial class ResultVerifier
{
    private readonly InferenceDispatcher _dispatcher;
    private readonly IGrainFactory _grains;
    private readonly OwnerStore _owners;
    private readonly JobJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger<ResultVerifier> _logger;
    private readonly IRandomSource _random;
    private readonly Lock _randomLock = new();
    private long _executions;
    private long _delivered;
    private long _rejected;

    public ResultVerifier(InferenceDispatcher dispatcher, IGrainFactory grains, OwnerStore owners, JobJournal journal, VerificationPolicy policy, GatewayOptions options, TimeProvider time, ILogger<ResultVerifier> logger, CanarySet? canaries = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dispatcher = dispatcher;
        _grains = grains;
        _owners = owners;
        _journal = journal;
        _time = time;
        _logger = logger;
        Policy = policy;
        Canaries = canaries;
        _random = new SeededRandomSourceFactory(options.Seed).Create("verification");
    }

    public VerificationPolicy Policy { get; }

    public CanarySet? Canaries { get; }

    /// <summary>Vehicle executions (primaries, replicas, tie-breakers, canaries) and delivered results since start.</summary>
    public (long Executions, long Delivered, long Rejected) Counts => (Interlocked.Read(ref _executions), Interlocked.Read(ref _delivered), Interlocked.Read(ref _rejected));

    /// <summary>Whether <paramref name="request"/> can be verified before delivery: non-streamed and deterministic.</summary>
    public static bool Applies(InferenceRequest request) => !request.Stream && (request.Temperature == 0 || request.Seed is not null);

    /// <summary>
    /// Runs <paramref name="request"/> with verification. Returns the run to deliver (its answer ended with Finished),
    /// or one that failed (no vehicle, a vehicle error), or null with an error when the outputs could not be verified.
    /// The journal gets one record per run; <paramref name="charge"/> prices the delivered one.
    /// </summary>
    public async Task<(VerifiedRun? Delivered, ApiError? Error)> ServeAsync(InferenceRequest request, string jobId, Func<JobRecord, JobRecord> charge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(charge);
        var runs = new List<VerifiedRun>();
        try
        {
            var primary = await RunAsync(request, jobId, cancellationToken);
            runs.Add(primary);
            if (primary.Output is null)
            {
                return (primary, null); // failed before any output: nothing to verify; the caller reports it
            }

            var grain = _grains.GetGrain<IVehicleGrain>(primary.VehicleId!);
            var trust = await grain.GetTrust();
            SendCanaryMaybe(primary.VehicleId!, trust);
            if (!Draw(trust.Reputation, replicate: true))
            {
                await grain.Judge((int)AttemptJudgement.Trusted, canary: false);
                Interlocked.Increment(ref _delivered);
                return (primary with { Status = "served" }, null);
            }

            var excluded = ExcludedFor(primary.VehicleId!);
            var replica = await RunCheckAsync(Replica(request, trust, excluded), jobId + ".verify-1", excluded, runs, cancellationToken);
            runs.Add(replica);
            if (replica.Output is null)
            {
                // No second vehicle could check it (a small or busy fleet): deliver on the vehicle's reputation.
                LogUnchecked(primary.VehicleId!);
                Interlocked.Increment(ref _delivered);
                return (primary with { Status = "served" }, null);
            }

            var verdict = Verdict.Judge([primary.Output, replica.Output]);
            if (verdict.Outcome == VerdictOutcome.NeedsTieBreaker)
            {
                excluded.UnionWith(ExcludedFor(replica.VehicleId!));
                var tieBreaker = await RunCheckAsync(Replica(request, trust, excluded), jobId + ".verify-2", excluded, runs, cancellationToken);
                runs.Add(tieBreaker);
                verdict = tieBreaker.Output is null ? new Verdict(VerdictOutcome.Rejected, 2, -1, 0) : Verdict.Judge([primary.Output, replica.Output, tieBreaker.Output]);
            }

            // The judged runs are the primary, the replica and the tie-breaker, in that order (runs also holds checks
            // that were set aside because their vehicle failed admission).
            var judged = runs.Where(r => r.Status != "unadmitted").ToList();
            for (var i = 0; i < judged.Count && i < verdict.Attempts; i++)
            {
                await _grains.GetGrain<IVehicleGrain>(judged[i].VehicleId!).Judge((int)verdict.JudgementOf(i), canary: false);
                runs[runs.IndexOf(judged[i])] = judged[i] with { Status = verdict.IsPaid(i) ? "verified" : "rejected" };
            }

            if (!verdict.Deliver)
            {
                Interlocked.Increment(ref _rejected);
                LogRejected(jobId, string.Join(", ", runs.Select(r => r.VehicleId)));
                return (null, new ApiError(StatusCodes.Status502BadGateway,
                    "The vehicles that ran this request disagreed and no result could be verified; nothing was delivered and nothing is charged. Retry the request.",
                    "server_error", null, "result_unverified", 1));
            }

            var chosen = runs.IndexOf(runs.First(r => r.JobId == judged[verdict.DeliveredAttempt].JobId && r.VehicleId == judged[verdict.DeliveredAttempt].VehicleId && r.Status != "unadmitted"));
            runs[chosen] = runs[chosen] with { Status = "served" };
            Interlocked.Increment(ref _delivered);
            return (runs[chosen], null);
        }
        finally
        {
            foreach (var run in runs)
            {
                var record = run.Record(request);
                _journal.RecordJob(run.Status == "served" ? charge(record) : record);
            }
        }
    }

    // A check (replica or tie-breaker) counts only from a vehicle admitted by a passed canary: otherwise colluders
    // that have never been tested could outvote an honest vehicle. A vehicle not yet admitted is given its admission
    // canary now; if it fails (or cannot run one), its check is set aside ("unadmitted", unpaid) and another vehicle
    // checks instead.
    private async Task<VerifiedRun> RunCheckAsync(InferenceRequest request, string jobId, HashSet<string> excluded, List<VerifiedRun> runs, CancellationToken cancellationToken)
    {
        for (var tries = 0; ; tries++)
        {
            var run = await RunAsync(request with { Filter = request.Filter! with { Excluded = excluded } }, $"{jobId}.{tries}", cancellationToken);
            if (run.Output is null || await IsAdmittedAsync(run.VehicleId!))
            {
                return run;
            }

            excluded.UnionWith(ExcludedFor(run.VehicleId!));
            runs.Add(run with { Status = "unadmitted" });
            if (tries >= 2)
            {
                return run with { Output = null, Status = "failed" };
            }
        }
    }

    private async Task<bool> IsAdmittedAsync(string vehicleId)
    {
        var grain = _grains.GetGrain<IVehicleGrain>(vehicleId);
        var trust = await grain.GetTrust();
        if (Policy.IsAdmitted(trust.Reputation))
        {
            return true;
        }

        if (Canaries is not { Count: > 0 } canaries || trust.Reputation.IsQuarantined)
        {
            return false;
        }

        int index;
        lock (_randomLock)
        {
            index = _random.NextInt(canaries.Count);
        }

        await RunCanaryAsync(vehicleId, canaries[index]);
        return Policy.IsAdmitted((await grain.GetTrust()).Reputation);
    }

    private async Task<VerifiedRun> RunAsync(InferenceRequest request, string jobId, CancellationToken cancellationToken)
    {
        var log = new AttemptLog();
        var started = _time.GetUtcNow();
        var clock = _time.GetTimestamp();
        var (job, error) = await _dispatcher.StartAsync(request, jobId, log, cancellationToken);
        if (job is null)
        {
            return new VerifiedRun(jobId, null, 0, 0, null, null, error, log, started, 0, "failed");
        }

        Interlocked.Increment(ref _executions);
        try
        {
            var answer = await job.ReadToEndAsync(cancellationToken);
            var output = answer.End is JobEvent.Finished ? new JobOutput(answer.Text, [.. answer.Tokens.Select(t => t.Id)]) : null;
            var failure = answer.End switch
            {
                JobEvent.Failed failed => ApiError.VehicleFailed(failed.Code, failed.Message),
                JobEvent.Lost lost => ApiError.VehicleLost(lost.Reason),
                _ => null,
            };
            return new VerifiedRun(jobId, job.VehicleId, job.LeaseEpoch, job.Attempts, answer, output, failure, log, started, 0, output is null ? "failed" : "pending");
        }
        finally
        {
            job.Dispose();
        }
    }

    // The replica's request: same hardware class (and so model build), never the vehicles already involved or their owners'.
    private static InferenceRequest Replica(InferenceRequest request, VehicleTrust trust, HashSet<string> excluded) =>
        request with { Filter = (request.Filter ?? Core.Placement.PlacementFilter.Any) with { HardwareClass = trust.HardwareClass, Excluded = excluded } };

    private HashSet<string> ExcludedFor(string vehicleId)
    {
        var excluded = new HashSet<string>(StringComparer.Ordinal) { vehicleId };
        if (_owners.Vehicle(vehicleId) is { } enrolled && _owners.Find(enrolled.Owner) is { } owner)
        {
            excluded.UnionWith(owner.Vehicles.Select(v => v.Id));
        }

        return excluded;
    }

    private bool Draw(Reputation reputation, bool replicate)
    {
        lock (_randomLock)
        {
            return replicate ? Policy.ShouldReplicate(reputation, _random) : Policy.ShouldSendCanary(reputation, _random);
        }
    }

    // A canary goes to the vehicle that just served, pinned to it, off the request path; its output is compared with
    // the known one and the vehicle judged. It is recorded like any job, billed to nobody.
    private void SendCanaryMaybe(string vehicleId, VehicleTrust trust)
    {
        if (Canaries is not { Count: > 0 } canaries || !Draw(trust.Reputation, replicate: false))
        {
            return;
        }

        int index;
        lock (_randomLock)
        {
            index = _random.NextInt(canaries.Count);
        }

        _ = RunCanaryAsync(vehicleId, canaries[index]);
    }

    private async Task RunCanaryAsync(string vehicleId, Canary canary)
    {
        var request = new InferenceRequest(false, ModelCatalog.Edge, null, canary.Prompt, false, false, canary.MaxTokens, 0, 1, null, null, false, 0, false)
        {
            Filter = new Core.Placement.PlacementFilter { Vehicle = vehicleId },
        };
        try
        {
            var run = await RunAsync(request, "canary-" + Guid.NewGuid().ToString("N"), CancellationToken.None);
            if (run.Answer is null)
            {
                return; // the vehicle left or is busy: no verdict either way
            }

            var passed = run.Output is not null && string.Equals(run.Output.Text, canary.Output, StringComparison.Ordinal);
            await _grains.GetGrain<IVehicleGrain>(vehicleId).Judge((int)(passed ? AttemptJudgement.Valid : AttemptJudgement.Invalid), canary: true);
            _journal.RecordJob((run with { Status = passed ? "canary" : "canary-failed" }).Record(request));
            if (!passed)
            {
                LogCanaryFailed(vehicleId);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCanaryError(vehicleId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: vehicles {Vehicles} disagreed and no result was verified; nothing delivered")]
    private partial void LogRejected(string jobId, string vehicles);

    [LoggerMessage(Level = LogLevel.Information, Message = "No second vehicle could check a result of {VehicleId}; delivered on its reputation")]
    private partial void LogUnchecked(string vehicleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle {VehicleId} failed a canary: quarantined")]
    private partial void LogCanaryFailed(string vehicleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A canary for vehicle {VehicleId} could not run: {Reason}")]
    private partial void LogCanaryError(string vehicleId, string reason);
}

/// <summary>One vehicle's run of a verified job: its answer and output, and how verification judged it.</summary>
internal sealed record VerifiedRun(
    string JobId, string? VehicleId, long LeaseEpoch, int Attempts, CollectedAnswer? Answer, JobOutput? Output, ApiError? Error, AttemptLog Log,
    DateTimeOffset Started, double DurationMs, string Status)
{
    /// <summary>The journal's record: "served" is billed and pays its owner; "verified" replicas, "rejected" and canaries are recorded unbilled.</summary>
    public JobRecord Record(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var finished = Answer?.End as JobEvent.Finished;
        return new JobRecord(JobId, request.IsChat ? "chat" : "completions", request.Model, VehicleId, LeaseEpoch, Attempts,
            finished?.Result.PromptTokens ?? 0, finished?.Result.CompletionTokens ?? 0, Status,
            finished is null ? null : Api.CompletionJson.FinishName(finished.Result.Finish), Error?.Code, Started, DurationMs)
        {
            Usage = Log.Snapshot(),
        };
    }
}
