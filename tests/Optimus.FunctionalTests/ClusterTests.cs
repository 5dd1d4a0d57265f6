using System.Net;
using System.Text;
using System.Text.Json;
using Optimus.Gateway;
using Optimus.Testing;
using Xunit.Abstractions;

namespace Optimus.FunctionalTests;

/// <summary>
/// Cluster mode for real: three `optimus up --cluster-db` processes on one PostgreSQL form one Orleans cluster, each with
/// its own simulated vehicles. Requests sent to one gateway are served by vehicles connected to the others (relayed).
/// One gateway is killed with -9 while streams run: every stream on the survivors completes with the text an
/// uninterrupted run gives, the survivors see the cluster shrink to two silos, and the restarted gateway rejoins.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _root = TestRequests.TempData();
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly Gateway?[] _gateways = new Gateway?[3];
    private readonly (int Api, int Agent, int Silo)[] _ports = [.. Enumerable.Range(0, 3).Select(_ => (GatewayHost.FreePort(), GatewayHost.FreePort(), GatewayHost.FreePort()))];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }
        }

        TestPaths.DeleteQuietly(_root);
    }

    [Fact]
    public async Task ThreeSilos_KillOneMidStream_NoRequestLostClusterConvergesAndSiloRejoins()
    {
        var database = Environment.GetEnvironmentVariable("OPTIMUS_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set OPTIMUS_TEST_POSTGRES to a PostgreSQL connection string (./test.sh starts one) to run the cluster tests.");
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StartAsync(i, database)));
        await WaitForSilosAsync(_gateways[0]!, 3);
        var reference = await CompleteAsync(_gateways[0]!, stream: false);

        // Requests to A and B; about a third of the vehicles they land on are C's, reached through C's relay.
        // Half as many streams as the cluster has slots, so none waits for another and the survivors have room for the
        // continuations of C's; the kill comes once every stream has its first token, so all are mid-answer when C dies
        // (each runs 2 s). (With every slot taken, a continuation can spend its attempts on C's cars before the
        // dispatchers learn C is dead: issue 14's "a silo's death costs no request".)
        using var ready = JsonDocument.Parse(await _gateways[0]!.Http.GetStringAsync("ready"));
        var streams = ready.RootElement.GetProperty("slots").GetInt32() / 2;
        Assert.True(streams >= 3, $"the cluster has {streams * 2} slots");
        var firstTokens = Enumerable.Range(0, streams).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var served = Enumerable.Range(0, streams).Select(i => CompleteAsync(_gateways[i % 2]!, stream: true, firstTokens[i])).ToList();
        await Task.WhenAll(firstTokens.Select(t => t.Task)).WaitAsync(TimeSpan.FromSeconds(60));
        _gateways[2]!.Process.Kill();
        var finishedBeforeTheKill = served.Count(s => s.IsCompleted);
        var results = await Task.WhenAll(served);
        Assert.Equal(0, finishedBeforeTheKill);
        await WaitForSilosAsync(_gateways[0]!, 2);
        await WaitForSilosAsync(_gateways[1]!, 2);

        await _gateways[2]!.DisposeAsync();
        await StartAsync(2, database);
        await WaitForSilosAsync(_gateways[0]!, 3);
        var afterRejoin = await CompleteAsync(_gateways[2]!, stream: false);

        output.WriteLine($"vehicles that served: {string.Join(", ", results.Select(r => r.Vehicle).Distinct().Order())}");
        Assert.All(results, r => Assert.Equal(reference.Text, r.Text));
        Assert.All(results, r => Assert.StartsWith("veh-", r.Vehicle, StringComparison.Ordinal)); // customers see pseudonyms
        Assert.Equal(reference.Text, afterRejoin.Text);

        // Paid once: each request is metered by the gateway it arrived at, whichever silo's vehicle served it, and billed
        // exactly once however many vehicles it took (the streams and the reference went to A and B).
        var billed = await BilledJobsAsync(0, 1, expected: streams + 1);
        Assert.Equal(streams + 1, billed.Count);
        Assert.All(billed, b => Assert.Equal(1, b.Times));

        // Relayed across silos: the journals keep real vehicle ids, and A's or B's name another gateway's vehicle.
        Assert.Contains(new[] { 0, 1 }, index => ServingVehicles(index).Any(v => !v.StartsWith($"gw{index}", StringComparison.Ordinal)));
    }

    private List<string> ServingVehicles(int index)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_root, $"gw{index}", "optimus.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT vehicle_id FROM usage WHERE billed = 1 AND vehicle_id IS NOT NULL";
        using var reader = command.ExecuteReader();
        var vehicles = new List<string>();
        while (reader.Read())
        {
            vehicles.Add(reader.GetString(0));
        }

        return vehicles;
    }

    private async Task<List<(string JobId, long Times)>> BilledJobsAsync(int first, int second, int expected)
    {
        var billed = new List<(string, long)>();
        for (var tries = 0; tries < 40; tries++)
        {
            billed.Clear();
            foreach (var index in new[] { first, second })
            {
                var path = Path.Combine(_root, $"gw{index}", "optimus.db");
                using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT job_id, COUNT(*) FROM usage WHERE billed = 1 GROUP BY job_id";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    billed.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }

            if (billed.Count >= expected)
            {
                break;
            }

            await Task.Delay(250); // the journal commits off the request path, within milliseconds
        }

        return billed;
    }

    private async Task StartAsync(int index, string database)
    {
        var (api, agent, silo) = _ports[index];
        var process = OptimusProcess.Start(
        [
            "up", "--no-auth", "--echo", "--vehicles", "2", "--vehicle-prefix", $"gw{index}", "--emulate-tokens-per-second", "40",
            "--port", $"{api}", "--agent-port", $"{agent}", "--silo-port", $"{silo}", "--data", Path.Combine(_root, $"gw{index}"),
            "--cluster-db", database, "--cluster-id", _clusterId,
        ]);
        var gateway = new Gateway(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api}/"), Timeout = TimeSpan.FromSeconds(90) });
        _gateways[index] = gateway;
        try
        {
            await process.WaitForOutputAsync("Digital Optimus is up.", TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"gateway {index} did not start:\n{process.Output}");
        }
    }

    private static async Task WaitForSilosAsync(Gateway gateway, int silos)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var seen = -1;
        while (DateTime.UtcNow < deadline)
        {
            using var health = JsonDocument.Parse(await gateway.Http.GetStringAsync("health"));
            seen = health.RootElement.GetProperty("silos").GetInt32();
            if (seen == silos)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"the cluster did not converge to {silos} silos (last saw {seen})");
    }

    private static async Task<(string Text, string Vehicle)> CompleteAsync(Gateway gateway, bool stream, TaskCompletionSource? firstToken = null)
    {
        // The echo vehicles answer with the prompt's words at 40 a second: 80 words make a 2 s answer.
        var words = string.Join(' ', Enumerable.Range(1, 80).Select(i => $"w{i}"));
        var body = $$"""{"model":"optimus-edge","temperature":0,"max_tokens":80,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{words}}"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        // The whole answer within a minute: HttpClient's timeout covers only the headers of a streamed response.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await gateway.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!stream || response.StatusCode != HttpStatusCode.OK)
        {
            var content = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, content);
            return (JsonDocument.Parse(content).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!, Vehicle(response));
        }

        var text = new StringBuilder();
        var done = false;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            done |= line == "data: [DONE]";
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            using var chunk = JsonDocument.Parse(line["data: ".Length..]);
            Assert.False(chunk.RootElement.TryGetProperty("error", out var error), error.ToString());
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var part) && part.GetString() is { Length: > 0 } piece)
                {
                    text.Append(piece);
                    firstToken?.TrySetResult();
                }
            }
        }

        Assert.True(done, "the stream did not end with data: [DONE]");
        return (text.ToString(), Vehicle(response));
    }

    private static string Vehicle(HttpResponseMessage response) => response.Headers.GetValues("x-optimus-vehicle").Single();

    private sealed record Gateway(OptimusProcess Process, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Process.DisposeAsync();
        }
    }
}
