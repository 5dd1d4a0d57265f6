using Optimus.Agent;
using Optimus.Gateway;

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
        return new OptimusUp(app, fleet!, options);
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
