using Optimus.Agent;
using Optimus.Gateway;
using Optimus.Gateway.Accounts;

namespace Optimus.Cli.Up;

/// <summary>
/// Composes `optimus up`: the gateway host (API, vehicle channel, silo, journal) plus the simulated fleet. Used by the
/// command and, in-process, by the functional tests.
/// </summary>
internal sealed class OptimusUp : IAsyncDisposable
{
    private OptimusUp(WebApplication app, SimulatedFleet fleet, UpOptions options)
    {
        App = app;
        Fleet = fleet;
        Options = options;
    }

    public WebApplication App { get; }

    public SimulatedFleet Fleet { get; }

    public UpOptions Options { get; }

    public Uri ApiUrl => new($"http://127.0.0.1:{Options.Gateway.ApiPort}/");

    public Uri AgentUrl => new($"http://127.0.0.1:{Options.Gateway.AgentPort}/");

    /// <summary>Builds the host and the fleet (loading a model per vehicle). Throws <see cref="ModelDoesNotFitException"/>.</summary>
    public static OptimusUp Build(UpOptions options, string? modelPath, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SimulatedFleet? fleet = null;
        var app = GatewayHost.Build(options.Gateway, builder =>
        {
            configure?.Invoke(builder);
            builder.Services.AddSingleton(sp =>
            {
                fleet = SimulatedFleet.Create(options, modelPath, new Uri($"http://127.0.0.1:{options.Gateway.AgentPort}"), sp.GetRequiredService<ILoggerFactory>());
                return fleet;
            });
            builder.Services.AddHostedService(static sp => sp.GetRequiredService<SimulatedFleet>());
        });
        _ = app.Services.GetRequiredService<SimulatedFleet>();
        EnrolSimulatedFleet(options.Gateway.DataDirectory, fleet!);
        var keys = app.Services.GetRequiredService<BootstrapKeys>();
        return new OptimusUp(app, fleet!, options) { AdminKey = keys.AdminSecret, DemoKey = keys.DemoSecret };
    }

    /// <summary>The owner the simulated vehicles are enrolled under, so that their earnings have somewhere to go.</summary>
    public const string DemoOwner = "demo-owner";

    /// <summary>The admin key made on this start (a fresh data folder), or null.</summary>
    public string? AdminKey { get; private init; }

    /// <summary>The demo customer key made on this start (a fresh data folder), or null; tests may set their own.</summary>
    public string? DemoKey { get; set; }

    /// <summary>The Authorization header that calls the API with <see cref="DemoKey"/> (null: send none).</summary>
    public System.Net.Http.Headers.AuthenticationHeaderValue? Authorization => DemoKey is null ? null : new("Bearer", DemoKey);

    private static void EnrolSimulatedFleet(string dataDirectory, SimulatedFleet fleet)
    {
        if (fleet.Vehicles.Count == 0)
        {
            return;
        }

        var owners = new OwnerStore(dataDirectory);
        owners.Create(DemoOwner);
        foreach (var vehicle in fleet.Vehicles)
        {
            owners.Enrol(DemoOwner, vehicle.Agent.VehicleId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => App.StartAsync(cancellationToken);

    /// <summary>Waits until every simulated vehicle has registered at least once.</summary>
    public async Task WaitForFleetAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Fleet.Vehicles.Select(v => v.FirstRegistration)).WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Fleet.Dispose();
    }
}
