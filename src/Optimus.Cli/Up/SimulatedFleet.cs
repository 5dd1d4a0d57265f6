using Microsoft.Extensions.Hosting;
using Optimus.Agent;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;

namespace Optimus.Cli.Up;

/// <summary>
/// The simulated vehicles of `optimus up`, each the real <see cref="VehicleAgent"/> with its own model instance,
/// connecting to the gateway's vehicle port over real gRPC on loopback. Started after the gateway is listening and
/// stopped before it, as a hosted service.
/// </summary>
internal sealed class SimulatedFleet(IReadOnlyList<SimulatedVehicle> vehicles) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    public IReadOnlyList<SimulatedVehicle> Vehicles { get; } = vehicles;

    /// <summary>Loads each vehicle's model; <paramref name="agentOptions"/> says how a vehicle (by id) connects: coordinator, credential, pin.</summary>
    public static SimulatedFleet Create(UpOptions options, string? modelPath, Func<string, HardwareProfile, AgentOptions> agentOptions, ILoggerFactory loggers)
    {
        var random = new SeededRandomSourceFactory(options.Gateway.Seed);
        var vehicles = new List<SimulatedVehicle>();
        for (var i = 1; i <= options.Vehicles; i++)
        {
            var id = $"{options.VehiclePrefix}-{i:000}";
            var models = options.Echo
                ? VehicleModels.Echo(options.Profile)
                : VehicleModels.LoadGguf(modelPath!, options.Profile, options.ContextLength, options.Threads);
            models = models.Paced(options.EmulateTokensPerSecond, TimeProvider.System);
            IVehicleStatusSource status = options.TimeScale > 0
                ? new ScheduledVehicleStatus(
                    DailyRoutine.Draw(random.Create($"routine/{id}")),
                    TimeProvider.System,
                    options.TimeScale,
                    DateTimeOffset.Now,
                    0.5 + (0.4 * random.Create($"soc/{id}").NextDouble()),
                    TimeSpan.FromMilliseconds(200))
                : new ManualVehicleStatus(VehicleStatus.ParkedAndCharging);
            var agent = new VehicleAgent(
                agentOptions(id, options.Profile),
                models,
                status,
                TimeProvider.System,
                random.Create($"agent/{id}"),
                loggers.CreateLogger<VehicleAgent>());
            vehicles.Add(new SimulatedVehicle(agent, models, status));
        }

        return new SimulatedFleet(vehicles);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var vehicle in Vehicles)
        {
            vehicle.Start(_stopping.Token);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(Vehicles.Select(v => v.StopAsync()));
    }

    public void Dispose()
    {
        foreach (var vehicle in Vehicles)
        {
            vehicle.Dispose();
        }

        _stopping.Dispose();
    }
}
