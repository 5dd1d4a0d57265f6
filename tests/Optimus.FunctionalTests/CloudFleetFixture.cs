using Optimus.Testing;
using Optimus.Cli.Up;
using Optimus.Gateway;
using Optimus.Gateway.Cloud;
using Optimus.Routing.Model;

namespace Optimus.FunctionalTests;

/// <summary>
/// Two `optimus up` coordinators on loopback: the upstream, whose optimus-edge model plays the large cloud model, and
/// the gateway under test, with the upstream as its cloud tier (optimus-cloud) and the <see cref="TestRouter"/> file
/// for optimus-auto. Both serve stories260K with greedy decoding, so every answer is reproducible.
/// </summary>
public sealed class CloudFleetFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));

    internal OptimusUp Upstream { get; private set; } = null!;

    internal OptimusUp Gateway { get; private set; } = null!;

    /// <summary>The gateway's router file, loaded again here to compute the decisions the gateway must make.</summary>
    internal Router Router { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        var routerPath = TestRouter.FilePathAsync();
        Upstream = await FleetFixture.StartAsync(new UpOptions { Vehicles = 1 }, Path.Combine(_directory, "upstream"));
        var cloud = new CloudOptions { BaseUrl = new Uri(Upstream.ApiUrl, "v1"), Model = "optimus-edge", ApiKey = Upstream.DemoKey, MaxRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(20) };
        var gateway = new GatewayOptions { Cloud = cloud, RouterPath = await routerPath };
        Gateway = await FleetFixture.StartAsync(new UpOptions { Vehicles = 2, Gateway = gateway }, Path.Combine(_directory, "gateway"));
        Router = Router.Load(gateway.RouterPath);
        Http.BaseAddress = Gateway.ApiUrl;
        Http.DefaultRequestHeaders.Authorization = Gateway.Authorization;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        Router.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        TestPaths.DeleteQuietly(_directory);
    }
}

[CollectionDefinition(Name)]
public sealed class CloudFleetGroup : ICollectionFixture<CloudFleetFixture>
{
    public const string Name = "cloud fleet";
}
