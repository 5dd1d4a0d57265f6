using System.Collections.Concurrent;
using Google.Protobuf;
using Optimus.Abstractions;
using Optimus.Gateway.Devices;
using Optimus.Protocol;
using Orleans.Runtime;

namespace Optimus.Gateway.Cluster;

/// <summary>
/// Cluster mode's cross-gateway dispatch. Both ends live here, one instance per gateway process:
/// <list type="bullet">
/// <item>the relay (<see cref="IVehicleRelay"/>): another gateway placed a job on a vehicle connected to this one; the
/// job goes down the vehicle's stream under the same lease fencing as a local job, and its events are pumped back, each
/// awaited so that they arrive in order;</item>
/// <item>the listener (<see cref="IJobListener"/>): this gateway placed a job on a vehicle connected elsewhere; the
/// events arrive here and go into the job's handle as if the vehicle were local.</item>
/// </list>
/// When a silo dies (kill -9), the jobs relayed through it are told their vehicle is gone, and the request continues on
/// another vehicle as after any departure.
/// </summary>
internal sealed partial class ClusterRelay : IVehicleRelay, IJobListener, IHostedService, IDisposable
{
    private readonly AgentSessions _sessions;
    private readonly JobTable _jobs;
    private readonly IGrainFactory _grains;
    private readonly IClusterMembershipService _membership;
    private readonly Storage.Quarantine _quarantine;
    private readonly ILogger<ClusterRelay> _logger;
    private readonly Lazy<string> _localSilo;
    private readonly Lazy<IVehicleRelay> _relayReference;
    private readonly Lazy<IJobListener> _listenerReference;
    private readonly ConcurrentDictionary<string, (JobHandle Handle, string Silo, RemoteVehicleLink Link)> _remote = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private const string Source = "cluster-relay";

    public ClusterRelay(AgentSessions sessions, JobTable jobs, IGrainFactory grains, IClusterMembershipService membership, ILocalSiloDetails silo, Storage.Quarantine quarantine, ILogger<ClusterRelay> logger)
    {
        _quarantine = quarantine;
        _sessions = sessions;
        _jobs = jobs;
        _grains = grains;
        _membership = membership;
        _logger = logger;
        // Made on first use: the silo must be running before references to objects in it can be made.
        _localSilo = new(() => silo.SiloAddress.ToParsableString());
        _relayReference = new(() => grains.CreateObjectReference<IVehicleRelay>(this));
        _listenerReference = new(() => grains.CreateObjectReference<IJobListener>(this));
    }

    /// <summary>This gateway's relay, as other gateways reach it (stored on the vehicle grain).</summary>
    public IVehicleRelay RelayReference => _relayReference.Value;

    private IJobListener ListenerReference => _listenerReference.Value;

    /// <summary>
    /// Sends a job to a vehicle connected to another gateway. Returns the attempt's link and handle, or null when the
    /// vehicle has no connection under that lease any more (the caller places again).
    /// </summary>
    public async Task<(IVehicleLink Link, JobHandle Handle)?> StartRemoteAsync(Placement placement, JobAssignment job)
    {
        var route = await _grains.GetGrain<IVehicleGrain>(placement.VehicleId).GetRelay(placement.LeaseEpoch);
        if (route is null)
        {
            return null;
        }

        var handle = _jobs.Register(job.JobId, placement.VehicleId, placement.LeaseEpoch, job.Sampling?.MaxTokens > 0 ? job.Sampling.MaxTokens : placement.ContextLength);
        var link = new RemoteVehicleLink(route.Relay, placement.VehicleId, placement.LeaseEpoch, route.PowerWatts);
        _remote[job.JobId] = (handle, string.Empty, link);
        string? silo;
        try
        {
            silo = await route.Relay.StartJob(placement.VehicleId, placement.LeaseEpoch, job.ToByteArray(), ListenerReference);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRelayFailed(placement.VehicleId, ex.Message);
            silo = null;
        }

        if (silo is null)
        {
            _remote.TryRemove(job.JobId, out _);
            _jobs.Remove(handle);
            return null;
        }

        _remote[job.JobId] = (handle, silo, link);

        // The membership watch tells a job its gateway died only for jobs it knows the silo of. If the death was seen
        // while this job's start was still on its way (its silo not yet recorded), no later update will come: look now.
        if (_membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Dead && m.SiloAddress.ToParsableString() == silo))
        {
            handle.Post(new JobEvent.Lost("its gateway died"));
            LogSiloDied(job.JobId, silo);
        }

        return (link, handle);
    }

    /// <summary>Forgets a remote job once its attempt is released.</summary>
    public void Forget(string jobId) => _remote.TryRemove(jobId, out _);

    // --- IVehicleRelay: jobs other gateways send to vehicles connected here ---

    public Task<string?> StartJob(string vehicleId, long leaseEpoch, byte[] assignment, IJobListener listener)
    {
        if (_sessions.Find(vehicleId, leaseEpoch) is not { } session)
        {
            return Task.FromResult<string?>(null);
        }

        var job = JobAssignment.Parser.ParseFrom(assignment);
        var handle = _jobs.Register(job.JobId, vehicleId, leaseEpoch, job.Sampling?.MaxTokens > 0 ? job.Sampling.MaxTokens : session.ContextLength);
        session.Send(new CoordinatorMessage { Job = job });
        _ = PumpAsync(handle, session, listener);
        return Task.FromResult<string?>(_localSilo.Value);
    }

    public Task CancelJob(string vehicleId, long leaseEpoch, string jobId)
    {
        _sessions.Find(vehicleId, leaseEpoch)?.CancelJob(jobId);
        return Task.CompletedTask;
    }

    // Forwards the vehicle's events to the requesting gateway, one awaited call each (in order), until the job ends.
    private async Task PumpAsync(JobHandle handle, AgentSession session, IJobListener listener)
    {
        try
        {
            await foreach (var jobEvent in handle.Events.ReadAllAsync(_stopping.Token))
            {
                switch (jobEvent)
                {
                    case JobEvent.Lost lost:
                        await listener.OnJobLost(handle.JobId, lost.Reason, session.Expired);
                        return;
                    case JobEvent.Tokens tokens:
                        await listener.OnJobMessage(handle.JobId, new AgentMessage { Tokens = new TokenChunk { JobId = handle.JobId, LeaseEpoch = handle.LeaseEpoch, Tokens = { tokens.Items } } }.ToByteArray());
                        break;
                    case JobEvent.Finished finished:
                        await listener.OnJobMessage(handle.JobId, new AgentMessage { Finished = finished.Result }.ToByteArray());
                        return;
                    case JobEvent.Failed failed:
                        await listener.OnJobMessage(handle.JobId, new AgentMessage { Failed = new JobFailed { JobId = handle.JobId, LeaseEpoch = handle.LeaseEpoch, Code = failed.Code, Message = failed.Message } }.ToByteArray());
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The requesting gateway is gone (or this one is stopping): nobody reads the answer; stop the vehicle.
            LogListenerGone(handle.JobId, ex.Message);
            session.CancelJob(handle.JobId);
        }
        finally
        {
            _jobs.Remove(handle);
        }
    }

    // --- IJobListener: events of jobs this gateway sent to vehicles connected elsewhere ---

    public Task OnJobMessage(string jobId, byte[] message)
    {
        if (_remote.TryGetValue(jobId, out var remote))
        {
            try
            {
                remote.Handle.Post(JobTable.ToEvent(AgentMessage.Parser.ParseFrom(message)));
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or ArgumentException)
            {
                // Malformed on the way: the job cannot trust the rest of its stream, so it moves to another vehicle.
                _quarantine.SetAside(Source, Storage.Quarantine.Reason(ex), new { jobId, message = Convert.ToBase64String(message) });
                remote.Handle.Post(new JobEvent.Lost("a malformed message from its vehicle's gateway"));
            }
        }

        return Task.CompletedTask;
    }

    public Task OnJobLost(string jobId, string reason, bool fenced)
    {
        if (_remote.TryGetValue(jobId, out var remote))
        {
            if (fenced)
            {
                remote.Link.MarkExpired();
            }

            remote.Handle.Post(new JobEvent.Lost(reason));
        }

        return Task.CompletedTask;
    }

    // --- silo failures: jobs relayed through a dead silo lose their vehicle ---

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = WatchMembershipAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _stopping.CancelAsync();

    // The watch resumes after a failure (the next snapshot is a full one), so one bad update cannot end it.
    private async Task WatchMembershipAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(_stopping.Token))
                {
                    var dead = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress.ToParsableString()).ToHashSet(StringComparer.Ordinal);
                    foreach (var (jobId, remote) in _remote)
                    {
                        if (dead.Contains(remote.Silo))
                        {
                            remote.Handle.Post(new JobEvent.Lost("its gateway died"));
                            LogSiloDied(jobId, remote.Silo);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return; // stopping
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogMembershipWatchFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None); // not a hot loop on a lasting fault
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "The watch on the cluster's membership failed; it resumes")]
    private partial void LogMembershipWatchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying a job to vehicle {VehicleId} failed: {Reason}")]
    private partial void LogRelayFailed(string vehicleId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The gateway that asked for job {JobId} is gone ({Reason}); the vehicle stops it")]
    private partial void LogListenerGone(string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was relayed through silo {Silo}, which died; it moves to another vehicle")]
    private partial void LogSiloDied(string jobId, string silo);
}
