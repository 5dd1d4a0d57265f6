using System.Threading.Channels;
using Google.Protobuf;
using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>
/// One connected vehicle's stream on this gateway: its lease epoch and the bounded queue of messages to send it. A job
/// that cannot be sent (larger than the channel's message limit, or the queue is full) fails on its own, through
/// <paramref name="jobs"/>, instead of resetting the stream and every other job on it; a cancel or refusal that cannot
/// be queued means the vehicle has stopped reading, and the session is closed.
/// </summary>
internal sealed class AgentSession(
    string vehicleId, long leaseEpoch, int contextLength, double powerWatts = 0, string model = "", JobTable? jobs = null) : IVehicleLink, IDisposable
{
    private readonly Channel<CoordinatorMessage> _outbound = Channel.CreateBounded<CoordinatorMessage>(
        new BoundedChannelOptions(VehicleChannelLimits.OutboundQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _closed = new();

    public string VehicleId { get; } = vehicleId;

    public long LeaseEpoch { get; } = leaseEpoch;

    public int ContextLength { get; } = contextLength;

    /// <summary>The vehicle's draw at the wall while serving, from its enrolled hardware profile (not its report).</summary>
    public double PowerWatts { get; } = powerWatts;

    /// <summary>The model the vehicle registered with.</summary>
    public string? Model { get; } = model;

    private long _lastSeenTicks;

    /// <summary>When the vehicle last sent anything on this session.</summary>
    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    /// <summary>Set when the session was closed because the vehicle went silent.</summary>
    public bool Expired { get; set; }

    /// <summary>Set when the session was closed because the vehicle stopped reading its queue.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Messages queued for the vehicle and not yet written to its stream.</summary>
    public int OutboundDepth => _outbound.Reader.Count;

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);

    public ChannelReader<CoordinatorMessage> Outbound => _outbound.Reader;

    /// <summary>Cancelled when the gateway ends this session (lease lost or replaced).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Queues a message for the vehicle; false when it was not queued (see the type's remarks for what follows).</summary>
    public bool Send(CoordinatorMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.BodyCase == CoordinatorMessage.BodyOneofCase.Job)
        {
            var size = message.CalculateSize();
            if (size > VehicleChannelLimits.MaxMessageBytes)
            {
                FailJob(message.Job, JobFailureCodes.ContextLengthExceeded,
                    $"The request is too large for the vehicle channel: {size} bytes, at most {VehicleChannelLimits.MaxMessageBytes}.");
                return false;
            }

            if (!_outbound.Writer.TryWrite(message))
            {
                FailJob(message.Job, JobFailureCodes.VehicleBusy, "The vehicle's queue is full.");
                return false;
            }

            return true;
        }

        if (_outbound.Writer.TryWrite(message))
        {
            return true;
        }

        Overflowed = true;
        Close();
        return false;
    }

    /// <summary>Queues <paramref name="message"/> as the last one: the stream ends once the queue is written.</summary>
    public void SendLast(CoordinatorMessage message)
    {
        Send(message);
        _outbound.Writer.TryComplete();
    }

    public void CancelJob(string jobId) => Send(new CoordinatorMessage { Cancel = new CancelJob { JobId = jobId } });

    public void Close()
    {
        _outbound.Writer.TryComplete();
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already torn down.
        }
    }

    public void Dispose() => _closed.Dispose();

    // The job's request sees a failure as its first event, as if the vehicle had answered with one.
    private void FailJob(JobAssignment job, string code, string message) =>
        jobs?.Deliver(job.JobId, VehicleId, LeaseEpoch, LeaseEpoch, new JobEvent.Failed(code, message));
}
