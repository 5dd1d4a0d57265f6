using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Optimus.Agent;
using Optimus.Core.Vehicles;
using Optimus.Protocol;

namespace Optimus.FunctionalTests;

/// <summary>
/// A vehicle speaking the protocol by hand, through the generated client rather than the agent: it registers with a
/// proof, heartbeats, hands the test its jobs and cancels, and sends whatever the test makes it send (a hostile car).
/// </summary>
internal sealed class RawVehicle : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<AgentMessage, CoordinatorMessage> _call;
    private readonly SemaphoreSlim _write = new(1);
    private readonly Channel<JobAssignment> _jobs = Channel.CreateUnbounded<JobAssignment>();
    private readonly Channel<string> _cancels = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<string?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task _background = Task.CompletedTask;

    private RawVehicle(AsyncDuplexStreamingCall<AgentMessage, CoordinatorMessage> call) => _call = call;

    public long Epoch { get; private set; }

    /// <summary>Completes when the gateway ends the stream, with the reason it sent (null when it sent none).</summary>
    public Task<string?> Ended => _ended.Task;

    public static Register Registration(string id, string region = AgentOptions.DefaultRegion) => new()
    {
        VehicleId = id,
        Profile = new Protocol.HardwareProfile { Name = HardwareProfiles.Default.Name, Dies = 1, MemoryPerDieBytes = 8L << 30, PowerWatts = 100 },
        Model = new ModelInfo { Name = "echo", ContextLength = 2048, Backend = "echo" },
        Slots = 1,
        State = new Protocol.VehicleState { Activity = Activity.Charging, PluggedIn = true, StateOfCharge = 0.9, ThermalHeadroomC = 20 },
        Policy = new Protocol.OwnerPolicy(),
        Region = region,
    };

    public static async Task<RawVehicle> ConnectAsync(GrpcChannel channel, string id, byte[] credential, string region = AgentOptions.DefaultRegion)
    {
        var vehicle = new RawVehicle(new VehicleChannel.VehicleChannelClient(channel).Connect());
        try
        {
            var register = Registration(id, region);
            RegistrationProof.Sign(register, credential, DateTimeOffset.UtcNow);
            await vehicle._call.RequestStream.WriteAsync(new AgentMessage { Register = register });
            Assert.True(await vehicle._call.ResponseStream.MoveNext(CancellationToken.None));
            var answer = vehicle._call.ResponseStream.Current;
            Assert.True(answer.BodyCase == CoordinatorMessage.BodyOneofCase.Registered, answer.ToString());
            vehicle.Epoch = answer.Registered.LeaseEpoch;
            vehicle._background = Task.WhenAll(vehicle.ReadAsync(), vehicle.HeartbeatAsync());
            return vehicle;
        }
        catch
        {
            vehicle._call.Dispose();
            throw;
        }
    }

    public async Task<JobAssignment> NextJobAsync(TimeSpan timeout) => await _jobs.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    /// <summary>The id of the next job the gateway told this vehicle to stop.</summary>
    public async Task<string> NextCancelAsync(TimeSpan timeout) => await _cancels.Reader.ReadAsync().AsTask().WaitAsync(timeout);

    public async Task SendAsync(AgentMessage message)
    {
        await _write.WaitAsync();
        try
        {
            await _call.RequestStream.WriteAsync(message);
        }
        finally
        {
            _write.Release();
        }
    }

    private async Task ReadAsync()
    {
        string? reason = null;
        try
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token))
            {
                var message = _call.ResponseStream.Current;
                switch (message.BodyCase)
                {
                    case CoordinatorMessage.BodyOneofCase.Job:
                        _jobs.Writer.TryWrite(message.Job);
                        break;
                    case CoordinatorMessage.BodyOneofCase.Cancel:
                        _cancels.Writer.TryWrite(message.Cancel.JobId);
                        break;
                    case CoordinatorMessage.BodyOneofCase.Rejected:
                        reason = message.Rejected.Reason;
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            reason ??= ex is RpcException rpc ? rpc.Status.Detail : null; // stopped, or the gateway reset the stream
        }
        finally
        {
            _ended.TrySetResult(reason);
        }
    }

    private async Task HeartbeatAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested && !_ended.Task.IsCompleted)
            {
                await SendAsync(new AgentMessage { Heartbeat = new Heartbeat { State = Registration("x").State, Policy = new Protocol.OwnerPolicy() } });
                await Task.Delay(200, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or InvalidOperationException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _call.Dispose();
        await _background.ContinueWith(static _ => { }, TaskScheduler.Default);
        _stop.Dispose();
        _write.Dispose();
    }
}
