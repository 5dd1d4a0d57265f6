using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;
using Optimus.Protocol;

namespace Optimus.Agent.Tests;

/// <summary>
/// The agent against a scripted coordinator: what it registers with, how it streams a job, how it hands jobs back when
/// its car leaves, and what it refuses.
/// </summary>
public sealed class VehicleAgentTests : IAsyncLifetime, IDisposable
{
    private readonly ManualVehicleStatus _status = new(VehicleStatus.ParkedAndCharging);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<JobEnded> _ended = [];
    private readonly SemaphoreSlim _endedSignal = new(0);
    private ScriptedCoordinator _coordinator = null!;
    private VehicleModels _models = null!;
    private VehicleAgent _agent = null!;
    private Task _run = Task.CompletedTask;
    private long _epoch;

    public async Task InitializeAsync()
    {
        _coordinator = await ScriptedCoordinator.StartAsync();
        _models = VehicleModels.Echo(HardwareProfiles.Default);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.ContinueWith(static _ => { }, TaskScheduler.Default);
        await _coordinator.DisposeAsync();
        _models.Dispose();
    }

    public void Dispose()
    {
        _stop.Dispose();
        _endedSignal.Dispose();
    }

    [Fact]
    public async Task Connect_FirstMessage_RegistersItsProfileModelSlotsAndState()
    {
        var registered = Start(tokensPerSecond: 0);

        var register = (await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Register)).Register;
        await ReplyRegisteredAsync(epoch: 7);

        Assert.Equal("car-1", register.VehicleId);
        Assert.Equal(HardwareProfiles.Default.Dies, register.Profile.Dies);
        Assert.Equal(_models.Generators.Count, register.Slots);
        Assert.Equal("echo", register.Model.Name);
        Assert.Equal(Activity.Charging, register.State.Activity);
        Assert.True(register.State.PluggedIn);
        Assert.Equal(7, await registered.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(7, _agent.LeaseEpoch);
    }

    [Fact]
    public async Task Connect_Rejected_RunStopsWithTheCoordinatorsReason()
    {
        Start(tokensPerSecond: 0);
        await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Register);

        await _coordinator.Replies.Writer.WriteAsync(new CoordinatorMessage { Rejected = new Rejected { Reason = "car-1 is not enrolled" } });

        var error = await Assert.ThrowsAsync<RegistrationRejectedException>(() => _run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("car-1 is not enrolled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_Assigned_StreamsEveryTokenInOrderThenFinishedWithTheCounts()
    {
        Start(tokensPerSecond: 0);
        await RegisterAsync(epoch: 3);

        await AssignAsync("job-1", "one two three four five");
        var text = new System.Text.StringBuilder();
        var finished = await ReadJobAsync("job-1", text);

        Assert.Equal("one two three four five", text.ToString());
        Assert.Equal((5, 5, 3L), (finished.PromptTokens, finished.CompletionTokens, finished.LeaseEpoch));
        Assert.Equal(new JobEnded("job-1", "finished"), await NextEndedAsync());
    }

    [Fact]
    public async Task StatusChange_CarDrivesAway_HeartbeatAtOnceAndTheRunningJobHandedBack()
    {
        Start(tokensPerSecond: 5); // 40 words take 8 s: the job is running when the car leaves
        await RegisterAsync(epoch: 1);
        await AssignAsync("job-1", string.Join(' ', Enumerable.Range(0, 40).Select(i => $"w{i}")));
        await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Tokens);

        _status.Current = VehicleStatus.ParkedAndCharging with { Activity = VehicleActivity.Driving, PluggedIn = false };

        var heartbeat = await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Heartbeat, m => m.Heartbeat.State.Activity == Activity.Driving);
        var handedBack = (await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Failed)).Failed;
        Assert.False(heartbeat.Heartbeat.State.PluggedIn);
        Assert.Equal(("job-1", JobFailureCodes.VehicleDeparted), (handedBack.JobId, handedBack.Code));
        Assert.Equal(new JobEnded("job-1", "handed back"), await NextEndedAsync());
        Assert.Equal(0, _agent.ActiveJobs);
    }

    [Fact]
    public async Task Cancel_RunningJob_StopsItAndFreesItsDie()
    {
        Start(tokensPerSecond: 5);
        await RegisterAsync(epoch: 1);
        await AssignAsync("job-1", string.Join(' ', Enumerable.Range(0, 40).Select(i => $"w{i}")));
        await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Tokens);

        await _coordinator.Replies.Writer.WriteAsync(new CoordinatorMessage { Cancel = new CancelJob { JobId = "job-1" } });

        Assert.Equal(new JobEnded("job-1", "cancelled"), await NextEndedAsync());
        Assert.Equal(0, _agent.ActiveJobs);
    }

    [Fact]
    public async Task Jobs_MoreThanItsDies_TheExtraIsRefusedAsBusy()
    {
        Start(tokensPerSecond: 2);
        await RegisterAsync(epoch: 1);
        var slow = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"w{i}"));
        for (var i = 0; i < _models.Generators.Count; i++)
        {
            await AssignAsync($"job-{i}", slow);
        }

        await AssignAsync("job-extra", slow);

        var refused = (await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Failed)).Failed;
        Assert.Equal(("job-extra", JobFailureCodes.VehicleBusy), (refused.JobId, refused.Code));
        Assert.Equal(_models.Generators.Count, _agent.ActiveJobs);
    }

    [Fact]
    public async Task Job_OwnerPolicyOptedOut_RefusedAsDeparted()
    {
        _status.Policy = Core.Vehicles.OwnerPolicy.Default with { OptedOut = true };
        Start(tokensPerSecond: 0);
        await RegisterAsync(epoch: 1);

        await AssignAsync("job-1", "one two");

        var refused = (await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Failed)).Failed;
        Assert.Equal(("job-1", JobFailureCodes.VehicleDeparted), (refused.JobId, refused.Code));
        Assert.Equal(0, _agent.ActiveJobs);
    }

    private TaskCompletionSource<long> Start(double tokensPerSecond)
    {
        var registered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new AgentOptions(_coordinator.Address, "car-1", HardwareProfiles.Default) { ReconnectBase = TimeSpan.FromMilliseconds(50) };
        _agent = new VehicleAgent(options, _models.Paced(tokensPerSecond, TimeProvider.System), _status, TimeProvider.System, new SeededRandom(1), NullLogger<VehicleAgent>.Instance);
        _agent.Registered += (_, epoch) => registered.TrySetResult(epoch);
        _agent.JobEnded += (_, ended) =>
        {
            lock (_ended)
            {
                _ended.Add(ended);
            }

            _endedSignal.Release();
        };
        _run = _agent.RunAsync(_stop.Token);
        return registered;
    }

    private async Task RegisterAsync(long epoch)
    {
        await _coordinator.NextAsync(AgentMessage.BodyOneofCase.Register);
        await ReplyRegisteredAsync(epoch);
    }

    // A heartbeat interval of a minute: the only heartbeats a test sees are those a change of state sends at once.
    private async Task ReplyRegisteredAsync(long epoch)
    {
        _epoch = epoch;
        await _coordinator.Replies.Writer.WriteAsync(new CoordinatorMessage { Registered = new Registered { LeaseEpoch = epoch, HeartbeatIntervalMs = 60_000 } });
    }

    private async Task AssignAsync(string jobId, string prompt)
    {
        var job = new JobAssignment { JobId = jobId, LeaseEpoch = _epoch, IsRawPrompt = true, Prompt = prompt, Sampling = new Sampling { Temperature = 0, TopP = 1 } };
        await _coordinator.Replies.Writer.WriteAsync(new CoordinatorMessage { Job = job });
    }

    private async Task<JobFinished> ReadJobAsync(string jobId, System.Text.StringBuilder text)
    {
        while (true)
        {
            var message = await _coordinator.NextAsync(m =>
                (m.BodyCase == AgentMessage.BodyOneofCase.Tokens && m.Tokens.JobId == jobId) ||
                (m.BodyCase == AgentMessage.BodyOneofCase.Finished && m.Finished.JobId == jobId));
            if (message.BodyCase == AgentMessage.BodyOneofCase.Finished)
            {
                return message.Finished;
            }

            foreach (var token in message.Tokens.Tokens)
            {
                text.Append(token.Text);
            }
        }
    }

    private async Task<JobEnded> NextEndedAsync()
    {
        Assert.True(await _endedSignal.WaitAsync(TimeSpan.FromSeconds(30)), "no job ended");
        lock (_ended)
        {
            var first = _ended[0];
            _ended.RemoveAt(0);
            return first;
        }
    }
}
