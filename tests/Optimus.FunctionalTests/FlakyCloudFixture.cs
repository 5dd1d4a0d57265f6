using Optimus.Testing;
using Optimus.Cli.Up;
using Optimus.Gateway;
using Optimus.Gateway.Cloud;
using Optimus.Routing.Model;

namespace Optimus.FunctionalTests;

/// <summary>
/// A gateway whose cloud tier is a <see cref="FlakyUpstream"/>: two retries 10 ms apart, a one-second attempt
/// timeout, and a circuit that does not open during the tests (the circuit has its own test in Optimus.Gateway.Tests).
/// One echo vehicle answers on the edge.
/// </summary>
public sealed class FlakyCloudFixture : IAsyncLifetime
{
    public const int MaxRetries = 2;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));

    internal FlakyUpstream Upstream { get; private set; } = null!;

    internal OptimusUp Gateway { get; private set; } = null!;

    internal Router Router { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var routerPath = TestRouter.FilePathAsync();
        Upstream = await FlakyUpstream.StartAsync();
        var cloud = new CloudOptions
        {
            BaseUrl = Upstream.BaseUrl,
            Model = "big-model",
            ApiKey = "test-key",
            MaxRetries = MaxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(1),
            CircuitMinimumThroughput = 1000,
        };
        var gateway = new GatewayOptions { Cloud = cloud, RouterPath = await routerPath };
        Gateway = await FleetFixture.StartAsync(new UpOptions { Vehicles = 1, Echo = true, Gateway = gateway }, _directory);
        Router = Router.Load(gateway.RouterPath);
    }

    public async Task DisposeAsync()
    {
        Router.Dispose();
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        TestPaths.DeleteQuietly(_directory);
    }
}

[CollectionDefinition(Name)]
public sealed class FlakyCloudGroup : ICollectionFixture<FlakyCloudFixture>
{
    public const string Name = "flaky cloud";
}
