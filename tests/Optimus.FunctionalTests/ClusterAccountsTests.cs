using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Optimus.Gateway;
using Optimus.Testing;
using Xunit.Abstractions;

namespace Optimus.FunctionalTests;

/// <summary>
/// Cluster mode shares the accounts: two real `optimus up --cluster-db` processes with authentication on, started
/// together on a fresh schema. Exactly one of them makes the admin and demo keys; a key made through one gateway (its
/// admin API, or `optimus keys create --cluster-db`) works on the other, and a key revoked through one is refused by the
/// other on the very next request.
/// </summary>
public sealed partial class ClusterAccountsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _root = TestRequests.TempData();
    private readonly string _schema = "cluster_accounts_" + Guid.NewGuid().ToString("N");
    private readonly List<(OptimusProcess Process, HttpClient Http)> _gateways = [];
    private string? _server;
    private string _database = string.Empty;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (process, http) in _gateways)
        {
            http.Dispose();
            await process.DisposeAsync();
        }

        if (_server is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_server, $"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }

        TestPaths.DeleteQuietly(_root);
    }

    [Fact]
    public async Task TwoGateways_KeyMadeOnOneWorksOnTheOther_AndRevokedOnOneFailsAtOnceOnTheOther()
    {
        var clock = Stopwatch.StartNew();
        _server = Environment.GetEnvironmentVariable("OPTIMUS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set OPTIMUS_TEST_POSTGRES to a PostgreSQL connection string (./test.sh starts one) to run the cluster tests.");
        await ExecuteAsync(_server, $"CREATE SCHEMA {_schema}");
        _database = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ToString();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
        await Task.WhenAll(StartAsync("ga", clusterId), StartAsync("gb", clusterId));

        // Exactly one gateway made the bootstrap keys; the other found them made.
        var makers = _gateways.Where(g => g.Process.Output.Contains("made now", StringComparison.Ordinal)).ToList();
        var maker = Assert.Single(makers);
        // The test reads the gateways' output through a pipe, not a terminal: the first keys are in the maker's data folder.
        var admin = new[] { "ga", "gb" }.Select(p => Path.Combine(_root, p, Optimus.Cli.Up.Banner.KeysFileName)).Where(File.Exists)
            .Select(f => AdminKey().Match(File.ReadAllText(f)).Groups[1].Value).Single();
        var (a, b) = (maker.Http, _gateways.Single(g => g != maker).Http);

        // A key made through A's admin API works on B; revoked through A, B refuses its next request.
        using var created = await SendAsync(a, HttpMethod.Post, "admin/keys", admin, """{"name":"cross","customer":"acme"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var cross = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, "v1/models", cross));

        using var revoked = await SendAsync(a, HttpMethod.Post, "admin/keys/cross/revoke", admin);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(b, "v1/models", cross));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(a, "v1/models", cross));

        // The same through the command line, which no gateway is part of.
        var (exit, printed) = await OptimusProcess.RunAsync(["keys", "create", "--name", "from-cli", "--customer", "acme", "--cluster-db", _database], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, printed);
        var cli = printed.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("sk-opt-", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(a, "v1/models", cli));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(b, "v1/models", cli));
        (exit, printed) = await OptimusProcess.RunAsync(["keys", "revoke", "--name", "from-cli", "--cluster-db", _database], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, printed);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(a, "v1/models", cli));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(b, "v1/models", cli));

        // Both gateways list the same keys: one accounts database.
        using var listed = await SendAsync(b, HttpMethod.Get, "admin/keys", admin);
        var names = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("name").GetString());
        Assert.Equal(["admin", "cross", "demo", "from-cli"], names.Order(StringComparer.Ordinal));
        output.WriteLine($"two gateways, keys across them: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task StartAsync(string prefix, string clusterId)
    {
        var api = GatewayHost.FreePort();
        var process = OptimusProcess.Start(
        [
            "up", "--echo", "--vehicles", "1", "--vehicle-prefix", prefix,
            "--port", $"{api}", "--agent-port", $"{GatewayHost.FreePort()}", "--silo-port", $"{GatewayHost.FreePort()}", "--data", Path.Combine(_root, prefix),
            "--cluster-db", _database, "--cluster-id", clusterId,
        ]);
        lock (_gateways)
        {
            _gateways.Add((process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api}/"), Timeout = TimeSpan.FromSeconds(30) }));
        }

        try
        {
            await process.WaitForOutputAsync("Digital Optimus is up.", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"gateway {prefix} did not start:\n{process.Output}");
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string key)
    {
        using var response = await SendAsync(http, HttpMethod.Get, path, key);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex(@"admin\s+(sk-opt-[0-9A-Za-z]+)")]
    private static partial Regex AdminKey();
}
