using Optimus.Agent;
using Optimus.Gateway;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Identity;

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

    public Uri AgentUrl => new($"{(Options.Gateway.AgentTls ? "https" : "http")}://127.0.0.1:{Options.Gateway.AgentPort}/");

    /// <summary>The SHA-256 of the vehicle channel's certificate (hex) that agents pin; null without <c>--agent-tls</c>.</summary>
    public string? AgentCertificateSha256 => App.Services.GetRequiredService<AgentTlsCertificate>().Sha256;

    /// <summary>Builds the host and the fleet (loading a model per vehicle). Throws <see cref="ModelDoesNotFitException"/>.</summary>
    public static OptimusUp Build(UpOptions options, string? modelPath, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // The gateway counts tokens with the vehicles' own model (vocabulary only), so that it never bills their word.
        options = options with { Gateway = GatewayHost.WithClusterDefaults(options.Gateway) with { EdgeModelPath = options.Gateway.EdgeModelPath ?? modelPath } };
        SimulatedFleet? fleet = null;
        var app = GatewayHost.Build(options.Gateway, builder =>
        {
            configure?.Invoke(builder);
            builder.Services.AddSingleton(sp =>
            {
                // Each simulated vehicle is enrolled under the demo owner (its earnings need somewhere to go) and given its
                // credential and the channel's certificate pin, as a real one would be at enrolment.
                var scheme = options.Gateway.AgentTls ? "https" : "http";
                var coordinator = new Uri($"{scheme}://127.0.0.1:{options.Gateway.AgentPort}");
                var pin = sp.GetRequiredService<AgentTlsCertificate>().Sha256;
                fleet = SimulatedFleet.Create(options, modelPath, (id, profile) => new AgentOptions(coordinator, id, profile)
                {
                    Credential = Enrol(sp, id),
                    CoordinatorCertificateSha256 = pin,
                }, sp.GetRequiredService<ILoggerFactory>());
                return fleet;
            });
            builder.Services.AddHostedService(static sp => sp.GetRequiredService<SimulatedFleet>());
        });
        _ = app.Services.GetRequiredService<SimulatedFleet>();
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

    /// <summary>
    /// Enrols <paramref name="vehicleId"/> under the demo owner and returns its credential: what a vehicle other than the
    /// simulated ones (a test's agent, an `optimus agent` process) needs to connect.
    /// </summary>
    public string EnrolVehicle(string vehicleId) => Enrol(App.Services, vehicleId);

    /// <summary>Options for an agent of vehicle <paramref name="vehicleId"/> that connects here: enrolled, with its credential and the certificate pin.</summary>
    public AgentOptions AgentOptionsFor(string vehicleId, Core.Vehicles.HardwareProfile profile) =>
        new(AgentUrl, vehicleId, profile) { Credential = EnrolVehicle(vehicleId), CoordinatorCertificateSha256 = AgentCertificateSha256 };

    private static string Enrol(IServiceProvider services, string vehicleId)
    {
        var owners = services.GetRequiredService<OwnerStore>();
        owners.Create(DemoOwner);
        owners.Enrol(DemoOwner, vehicleId);
        return services.GetRequiredService<VehicleCredentials>().Issue(vehicleId);
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
