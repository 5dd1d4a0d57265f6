using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;
using Optimus.Protocol;

namespace Optimus.Agent;

/// <summary>
/// The vehicle agent. It dials out to the coordinator (so it works behind NAT), registers, heartbeats, runs jobs on
/// its model with tokens streamed back as produced, and reconnects with jittered exponential backoff when the stream
/// breaks. Each die runs one job at a time on its own generator.
/// </summary>
public sealed partial class VehicleAgent(
    AgentOptions options,
    VehicleModels models,
    IVehicleStatusSource status,
    TimeProvider time,
    IRandomSource random,
    ILogger<VehicleAgent> logger)
{
    private readonly ConcurrentQueue<DieWorker> _free = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _departed = new(StringComparer.Ordinal);
    private readonly byte[]? _credential = options.Credential is { } credential ? VehicleCredential.Parse(credential) : null;
    private long _leaseEpoch;
    private int _registrations;

    /// <summary>Raised with the lease epoch each time the coordinator accepts a registration.</summary>
    public event EventHandler<long>? Registered;

    /// <summary>Raised when a job ends on this vehicle, with its id and how it ended (finished, cancelled, failed).</summary>
    public event EventHandler<JobEnded>? JobEnded;

    public string VehicleId => options.VehicleId;

    /// <summary>The epoch of the current connection's lease; 0 before the first registration.</summary>
    public long LeaseEpoch => Interlocked.Read(ref _leaseEpoch);

    /// <summary>How many times this agent has registered (1 + reconnections).</summary>
    public int Registrations => Volatile.Read(ref _registrations);

    public int ActiveJobs => _running.Count;

    /// <summary>Runs until cancelled, reconnecting as needed. Throws only when the coordinator rejects the vehicle.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var dies = models.Generators.Select((g, i) => new DieWorker(g, $"{options.VehicleId}/die-{i}")).ToList();
        dies.ForEach(_free.Enqueue);
        try
        {
            await RunConnectedAsync(cancellationToken);
        }
        finally
        {
            _free.Clear();
            dies.ForEach(d => d.Dispose());
        }
    }

    // Connects to the coordinator and, when the connection fails or ends, to the next of the alternates in turn (a
    // cluster's other gateways), with jittered backoff between tries.
    private async Task RunConnectedAsync(CancellationToken cancellationToken)
    {
        Uri[] coordinators = [options.Coordinator, .. options.AlternateCoordinators];
        var channels = coordinators.Select(c => GrpcChannel.ForAddress(c, new GrpcChannelOptions
        {
            HttpHandler = CoordinatorTls.CreateHandler(options),

            // The gateway's limit, not gRPC's 4 MB default: a long prompt must not reset the session it is sent on.
            MaxReceiveMessageSize = VehicleChannelLimits.MaxMessageBytes,
            MaxSendMessageSize = VehicleChannelLimits.MaxMessageBytes,
        })).ToArray();
        try
        {
            await RunConnectedAsync(channels, cancellationToken);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private async Task RunConnectedAsync(GrpcChannel[] channels, CancellationToken cancellationToken)
    {
        var attempt = 0;
        for (var next = 0; !cancellationToken.IsCancellationRequested; next = (next + 1) % channels.Length)
        {
            var client = new VehicleChannel.VehicleChannelClient(channels[next]);
            try
            {
                await RunSessionAsync(client, () => attempt = 0, cancellationToken);
                LogStreamClosed(options.VehicleId);
            }
            catch (RegistrationRejectedException)
            {
                throw;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is RpcException or IOException or HttpRequestException)
            {
                LogConnectionFailed(options.VehicleId, ex.Message);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or RpcException)
            {
                break;
            }

            var delay = JitteredBackoff.Delay(attempt++, options.ReconnectBase, options.ReconnectCap, random);
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task RunSessionAsync(VehicleChannel.VehicleChannelClient client, Action onRegistered, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = client.Connect(cancellationToken: session.Token);
        await call.RequestStream.WriteAsync(new AgentMessage { Register = RegisterMessage() }, session.Token);
        if (!await call.ResponseStream.MoveNext(session.Token))
        {
            throw new IOException("The coordinator closed the stream before answering the registration.");
        }

        var answer = call.ResponseStream.Current;
        if (answer.BodyCase == CoordinatorMessage.BodyOneofCase.Rejected)
        {
            throw new RegistrationRejectedException(answer.Rejected.Reason);
        }

        var epoch = answer.Registered.LeaseEpoch;
        Interlocked.Exchange(ref _leaseEpoch, epoch);
        Interlocked.Increment(ref _registrations);
        onRegistered();
        LogRegistered(options.VehicleId, epoch);
        Registered?.Invoke(this, epoch);

        var outbound = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });
        var writer = WriteLoopAsync(call.RequestStream, outbound.Reader, session.Token);
        var heartbeats = HeartbeatLoopAsync(outbound.Writer, TimeSpan.FromMilliseconds(answer.Registered.HeartbeatIntervalMs), session.Token);
        void OnStatusChanged(object? sender, EventArgs e) => ReactToStatus(outbound.Writer);
        status.Changed += OnStatusChanged;
        try
        {
            while (await call.ResponseStream.MoveNext(session.Token))
            {
                var message = call.ResponseStream.Current;
                switch (message.BodyCase)
                {
                    case CoordinatorMessage.BodyOneofCase.Job:
                        StartJob(message.Job, outbound.Writer);
                        break;
                    case CoordinatorMessage.BodyOneofCase.Cancel:
                        if (_running.TryGetValue(message.Cancel.JobId, out var job))
                        {
                            await job.CancelAsync();
                        }

                        break;
                }
            }
        }
        finally
        {
            status.Changed -= OnStatusChanged;

            // Jobs of this connection die with it: the coordinator has fenced its lease and moves them elsewhere.
            foreach (var job in _running.Values)
            {
                await job.CancelAsync();
            }

            await session.CancelAsync();
            outbound.Writer.TryComplete();
            await Task.WhenAll(writer, heartbeats).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    // Signed afresh for each connection: a new timestamp and nonce, so the coordinator can refuse a replayed one.
    private Register RegisterMessage()
    {
        var register = new Register
        {
            VehicleId = options.VehicleId,
            Profile = ProtocolMapping.ToWire(options.Profile),
            Model = ProtocolMapping.ToWire(models.Description),
            Slots = models.Generators.Count,
            State = ProtocolMapping.ToWire(status.Current),
            AgentVersion = AgentOptions.Version,
            Policy = ProtocolMapping.ToWire(status.Policy),
            Region = options.Region,
        };
        if (_credential is not null)
        {
            RegistrationProof.Sign(register, _credential, time.GetUtcNow());
        }

        return register;
    }

    private AgentMessage HeartbeatMessage() => new()
    {
        Heartbeat = new Heartbeat
        {
            State = ProtocolMapping.ToWire(status.Current),
            ActiveJobs = _running.Count,
            Policy = ProtocolMapping.ToWire(status.Policy),
        },
    };

    // The state changed: tell the coordinator now (so placement stops at once), then, if the vehicle may no longer
    // serve, hand back every running job: the coordinator continues each on another vehicle from its tokens so far.
    private void ReactToStatus(ChannelWriter<AgentMessage> outbound)
    {
        outbound.TryWrite(HeartbeatMessage());
        var decision = Availability.Evaluate(status.Current, status.Policy, time.GetUtcNow());
        if (!decision.CanServe)
        {
            DrainJobs(decision.Reason);
        }
    }

    private async Task HeartbeatLoopAsync(ChannelWriter<AgentMessage> outbound, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            outbound.TryWrite(HeartbeatMessage());
        }
    }

    // The single writer of the request stream. Consecutive token messages of one job are merged, so when the network
    // is slower than decoding, chunks grow instead of a backlog of small writes.
    private static async Task WriteLoopAsync(IClientStreamWriter<AgentMessage> stream, ChannelReader<AgentMessage> reader, CancellationToken cancellationToken)
    {
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out var message))
            {
                if (message.BodyCase == AgentMessage.BodyOneofCase.Tokens)
                {
                    while (reader.TryPeek(out var next) && next.BodyCase == AgentMessage.BodyOneofCase.Tokens &&
                           next.Tokens.JobId == message.Tokens.JobId && reader.TryRead(out next))
                    {
                        message.Tokens.Tokens.Add(next.Tokens.Tokens);
                    }
                }

                await stream.WriteAsync(message, cancellationToken);
            }
        }
    }
}
