using Optimus.Agent;

namespace Optimus.Cli.Up;

/// <summary>One simulated vehicle of `optimus up`: the real agent, its own model instance, and a state it reports.</summary>
internal sealed class SimulatedVehicle : IDisposable
{
    private readonly VehicleModels _models;
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _running;

    public SimulatedVehicle(VehicleAgent agent, VehicleModels models, IVehicleStatusSource status)
    {
        Agent = agent;
        StatusSource = status;
        _models = models;
        agent.Registered += (_, _) => _registered.TrySetResult();
    }

    /// <summary>Completes when the vehicle has first registered with the coordinator.</summary>
    public Task FirstRegistration => _registered.Task;

    public VehicleAgent Agent { get; }

    /// <summary>The state this vehicle reports; tests drive it through <see cref="ManualVehicleStatus"/>.</summary>
    public IVehicleStatusSource StatusSource { get; }

    /// <summary>The hand-driven state of a vehicle without a routine (the default).</summary>
    public ManualVehicleStatus Status => StatusSource as ManualVehicleStatus
        ?? throw new InvalidOperationException("This vehicle follows a daily routine (--time-scale); its state is not set by hand.");

    public Task Run { get; private set; } = Task.CompletedTask;

    public void Start(CancellationToken stopping)
    {
        _running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Run = Task.Run(() => Agent.RunAsync(_running.Token), CancellationToken.None);
    }

    /// <summary>Stops the agent: its connection closes as when a vehicle loses power or network.</summary>
    public async Task StopAsync()
    {
        if (_running is not null)
        {
            await _running.CancelAsync();
            await Run.ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    public void Dispose()
    {
        _running?.Dispose();
        _models.Dispose();
        (StatusSource as IDisposable)?.Dispose();
    }
}
