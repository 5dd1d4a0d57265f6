using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>A real agent with its own model, run in the test process so the test can watch its registrations.</summary>
internal sealed class InProcessAgent : IAsyncDisposable
{
    private readonly VehicleModels _models;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _registrations = new(0);

    private InProcessAgent(AgentOptions options, double tokensPerSecond, int seed, OwnerPolicy? policy, VehicleModels? models = null)
    {
        _models = models ?? VehicleModels.LoadGguf(TestPaths.StoriesModel, HardwareProfiles.Default, 0, 1);
        Agent = new VehicleAgent(
            options with { ReconnectBase = TimeSpan.FromMilliseconds(50) },
            _models.Paced(tokensPerSecond, TimeProvider.System),
            new ManualVehicleStatus(VehicleStatus.ParkedAndCharging, policy),
            TimeProvider.System,
            new SeededRandom(seed),
            NullLogger<VehicleAgent>.Instance);
        Agent.Registered += (_, _) => _registrations.Release();
        Run = Agent.RunAsync(_stop.Token);
    }

    public VehicleAgent Agent { get; }

    public Task Run { get; }

    /// <summary>Starts vehicle <paramref name="vehicleId"/> against <paramref name="up"/>, enrolled there and holding its credential.</summary>
    /// <param name="tokensPerSecond">Decode speed to emulate; 0 for full speed.</param>
    public static InProcessAgent Start(OptimusUp up, string vehicleId, double tokensPerSecond = 0, int seed = 7, string region = AgentOptions.DefaultRegion, OwnerPolicy? policy = null) =>
        new(up.AgentOptionsFor(vehicleId, HardwareProfiles.Default) with { Region = region }, tokensPerSecond, seed, policy);

    /// <summary>Starts an agent with exactly these options (its credential and certificate trust as the test wants them).</summary>
    public static InProcessAgent Start(AgentOptions options, int seed = 7) => new(options, 0, seed, null);

    /// <summary>Starts an agent with these options and these models (echo, wrapped in a test's faults, ...).</summary>
    public static InProcessAgent Start(AgentOptions options, VehicleModels models, int seed = 7) => new(options, 0, seed, null, models);

    /// <summary>Waits for the next registration (the first, or the next reconnection).</summary>
    public async Task WaitForRegistrationAsync(TimeSpan timeout) =>
        Assert.True(await _registrations.WaitAsync(timeout), $"{Agent.VehicleId} did not register within {timeout}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Run;
        _models.Dispose();
        _stop.Dispose();
        _registrations.Dispose();
    }
}
