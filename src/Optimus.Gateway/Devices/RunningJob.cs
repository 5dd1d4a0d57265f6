using Optimus.Abstractions;
using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>A job that a vehicle has accepted: its first event has arrived. Dispose releases the vehicle's slot.</summary>
internal sealed class RunningJob(JobHandle handle, AgentSession session, Placement placement, JobEvent first, int attempts, Action<RunningJob> release) : IDisposable
{
    private JobEvent? _first = first;
    private int _released;

    public string VehicleId => placement.VehicleId;

    public long LeaseEpoch => placement.LeaseEpoch;

    public int Attempts { get; } = attempts;

    internal JobHandle Handle => handle;

    public async ValueTask<JobEvent> NextAsync(CancellationToken cancellationToken)
    {
        if (_first is { } first)
        {
            _first = null;
            return first;
        }

        return await handle.Events.ReadAsync(cancellationToken);
    }

    /// <summary>Tells the vehicle to stop (the client went away).</summary>
    public void Cancel() => session.Send(new CoordinatorMessage { Cancel = new CancelJob { JobId = handle.JobId } });

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release(this);
        }
    }
}
