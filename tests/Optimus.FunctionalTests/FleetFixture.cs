using System.ClientModel;
using Optimus.Cli.Up;
using Optimus.Gateway;
using Optimus.Gateway.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Testing;
using OpenAI;
using OpenAI.Chat;

namespace Optimus.FunctionalTests;

/// <summary>
/// A running `optimus up` (gateway, silo, journal and two simulated vehicles on real gRPC) on free loopback ports,
/// shared by the tests of the <see cref="FleetGroup"/>.
/// </summary>
public sealed class FleetFixture : IAsyncLifetime
{
    internal OptimusUp Up { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));

    public Uri ApiUrl => Up.ApiUrl;

    public HttpClient Http { get; } = new();

    public ChatClient Chat => new("optimus-edge", new ApiKeyCredential(Up.DemoKey!), new OpenAIClientOptions { Endpoint = new Uri(ApiUrl, "v1") });

    public async Task InitializeAsync()
    {
        Up = await StartAsync(new UpOptions { Vehicles = 2 }, DataDirectory);
        Http.BaseAddress = ApiUrl;
        Http.DefaultRequestHeaders.Authorization = Up.Authorization;
    }

    internal static async Task<OptimusUp> StartAsync(UpOptions options, string dataDirectory)
    {
        // A free port can be taken by a parallel test between our probe and our bind: try fresh ports a few times.
        for (var tries = 1; ; tries++)
        {
            var gateway = options.Gateway with { ApiPort = GatewayHost.FreePort(), AgentPort = GatewayHost.FreePort(), DataDirectory = dataDirectory, HeartbeatInterval = TimeSpan.FromMilliseconds(500) };
            var up = OptimusUp.Build(options with { Gateway = gateway }, options.Echo ? null : TestPaths.StoriesModel);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await up.StartAsync(timeout.Token);
            }
            catch (IOException) when (tries < 3)
            {
                await up.DisposeAsync();
                continue;
            }

            await up.WaitForFleetAsync(timeout.Token);
            if (up.DemoKey is null && !gateway.NoAuth)
            {
                // A restart on a folder whose first start made (and showed) the demo key: make a fresh one to call it with.
                up.DemoKey = up.App.Services.GetRequiredService<KeyRing>().Store.Create("test-" + Guid.NewGuid().ToString("N"), KeyRole.Customer, "demo", KeyLimits.None).Secret;
            }

            return up;
        }
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Up.DisposeAsync();
        TestPaths.DeleteQuietly(DataDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class FleetGroup : ICollectionFixture<FleetFixture>
{
    public const string Name = "fleet";
}
