using System.Threading.Channels;
using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>One connected vehicle's stream on this gateway: its lease epoch and the queue of messages to send it.</summary>
internal sealed class AgentSession(string vehicleId, long leaseEpoch, int contextLength, double powerWatts = 0) : IVehicleLink, IDisposable
{
    private readonly Channel<CoordinatorMessage> _outbound = Channel.CreateUnbounded<CoordinatorMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closed = new();

    public string VehicleId { get; } = vehicleId;

    public long LeaseEpoch { get; } = leaseEpoch;

    public int ContextLength { get; } = contextLength;

    /// <summary>The vehicle's draw at the wall while serving, from the hardware profile it registered with.</summary>
    public double PowerWatts { get; } = powerWatts;

    private long _lastSeenTicks;

    /// <summary>When the vehicle last sent anything on this session.</summary>
    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    /// <summary>Set when the session was closed because the vehicle went silent.</summary>
    public bool Expired { get; set; }

    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);

    public ChannelReader<CoordinatorMessage> Outbound => _outbound.Reader;

    /// <summary>Cancelled when the gateway ends this session (lease lost or replaced).</summary>
    public CancellationToken Closed => _closed.Token;

    public bool Send(CoordinatorMessage message) => _outbound.Writer.TryWrite(message);

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
}
