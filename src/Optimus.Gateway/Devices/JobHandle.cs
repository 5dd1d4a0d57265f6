using System.Threading.Channels;

namespace Optimus.Gateway.Devices;

/// <summary>One job attempt on one vehicle under one lease epoch; events arrive on <see cref="Events"/>.</summary>
internal sealed class JobHandle(string jobId, string vehicleId, long leaseEpoch)
{
    private readonly Channel<JobEvent> _events = Channel.CreateUnbounded<JobEvent>(new UnboundedChannelOptions { SingleReader = true });

    public string JobId { get; } = jobId;

    public string VehicleId { get; } = vehicleId;

    public long LeaseEpoch { get; } = leaseEpoch;

    public ChannelReader<JobEvent> Events => _events.Reader;

    public bool Post(JobEvent jobEvent) => _events.Writer.TryWrite(jobEvent);
}
