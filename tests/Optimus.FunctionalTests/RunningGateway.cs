using System.Net.Http.Headers;
using Optimus.Cli.Up;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>
/// A test class's own `optimus up` (authentication on, as by default), started before its tests and stopped, with its
/// data folder deleted, after them; and HTTP clients that call it with a given key.
/// </summary>
public abstract class RunningGateway : IAsyncLifetime
{
    private readonly UpOptions _options;

    private protected RunningGateway(UpOptions options) => _options = options;

    protected string Data { get; } = TestRequests.TempData();

    internal OptimusUp Up { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Up = await FleetFixture.StartAsync(_options, Data);

    public async Task DisposeAsync()
    {
        await Up.DisposeAsync();
        TestPaths.DeleteQuietly(Data);
    }

    /// <summary>A client of the gateway's API that sends <paramref name="key"/> as its bearer key.</summary>
    protected HttpClient Client(string key) =>
        new() { BaseAddress = Up.ApiUrl, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
}
