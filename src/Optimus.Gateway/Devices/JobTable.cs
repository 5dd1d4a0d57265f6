using System.Collections.Concurrent;
using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>
/// The jobs this gateway is waiting on, by job id and by vehicle. Delivery is fenced: a message is accepted only from
/// the vehicle and lease epoch the job was assigned under, so tokens from a replaced or expired connection are dropped.
/// The index by vehicle keeps <see cref="LoseAll"/> proportional to that vehicle's jobs: it runs on every heartbeat of a
/// vehicle that may not serve (most of a fleet, while cars drive), so a scan of all jobs there would grow with the fleet.
/// </summary>
internal sealed class JobTable
{
    private readonly ConcurrentDictionary<string, JobHandle> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, JobHandle>> _byVehicle = new(StringComparer.Ordinal);
    private long _fenced;
    private long _foreign;

    /// <summary>Messages dropped because they came from a lease that is no longer the job's.</summary>
    public long FencedMessages => Interlocked.Read(ref _fenced);

    /// <summary>Of <see cref="FencedMessages"/>, those a vehicle sent about a job assigned to another vehicle.</summary>
    public long ForeignMessages => Interlocked.Read(ref _foreign);

    /// <summary>Registers an attempt that may receive at most <paramref name="maxTokens"/> tokens (see <see cref="JobHandle"/>).</summary>
    public JobHandle Register(string jobId, string vehicleId, long leaseEpoch, int maxTokens = int.MaxValue / 2)
    {
        var handle = new JobHandle(jobId, vehicleId, leaseEpoch, maxTokens);
        if (!_jobs.TryAdd(jobId, handle))
        {
            throw new InvalidOperationException($"Job {jobId} is already registered.");
        }

        _byVehicle.GetOrAdd(vehicleId, static _ => new ConcurrentDictionary<string, JobHandle>(StringComparer.Ordinal))[jobId] = handle;
        return handle;
    }

    public void Remove(JobHandle handle)
    {
        _jobs.TryRemove(new KeyValuePair<string, JobHandle>(handle.JobId, handle));
        if (_byVehicle.TryGetValue(handle.VehicleId, out var vehicleJobs))
        {
            vehicleJobs.TryRemove(new KeyValuePair<string, JobHandle>(handle.JobId, handle));
        }
    }

    /// <summary>Routes an event from a vehicle's session to its job, if the session holds the job's lease.</summary>
    public bool Deliver(string jobId, string vehicleId, long sessionEpoch, long messageEpoch, JobEvent jobEvent)
    {
        if (_jobs.TryGetValue(jobId, out var handle) && handle.VehicleId == vehicleId &&
            handle.LeaseEpoch == sessionEpoch && handle.LeaseEpoch == messageEpoch)
        {
            return handle.Post(jobEvent);
        }

        if (handle is not null && handle.VehicleId != vehicleId)
        {
            Interlocked.Increment(ref _foreign);
        }

        Interlocked.Increment(ref _fenced);
        return false;
    }

    /// <summary>Tells every job held under a vehicle's lease that the vehicle is gone; returns their ids.</summary>
    public IReadOnlyList<string> LoseAll(string vehicleId, long leaseEpoch, string reason)
    {
        var lost = new List<string>();
        if (!_byVehicle.TryGetValue(vehicleId, out var vehicleJobs))
        {
            return lost;
        }

        foreach (var handle in vehicleJobs.Values)
        {
            if (handle.VehicleId == vehicleId && handle.LeaseEpoch == leaseEpoch)
            {
                handle.Post(new JobEvent.Lost(reason));
                lost.Add(handle.JobId);
            }
        }

        return lost;
    }

    public static JobEvent ToEvent(AgentMessage message) => message.BodyCase switch
    {
        AgentMessage.BodyOneofCase.Tokens => new JobEvent.Tokens(message.Tokens.Tokens),
        AgentMessage.BodyOneofCase.Finished => new JobEvent.Finished(message.Finished),
        AgentMessage.BodyOneofCase.Failed => new JobEvent.Failed(message.Failed.Code, message.Failed.Message),
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.BodyCase, "Not a job message."),
    };
}
