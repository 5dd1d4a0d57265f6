using System.Diagnostics;
using System.Text;
using Optimus.Cli.Up;
using Microsoft.Extensions.Logging;
using Optimus.Gateway;

namespace Optimus.Bench;

/// <summary>
/// The platform's own cost, with the model's cost taken out: `optimus up --echo` (real agents on real gRPC, a backend
/// that answers instantly). Latency from sequential requests; throughput from concurrent clients.
/// </summary>
internal static class OverheadScenario
{
    private const string Body = """{"model":"optimus-edge","max_tokens":1,"temperature":0,"messages":[{"role":"user","content":"ping"}]}""";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var vehicles = args.Int("vehicles", 16);
        var requests = args.Int("requests", 5000);
        var concurrency = args.Int("concurrency", 32);
        var seconds = args.Int("seconds", 10);
        var data = Path.Combine(Path.GetTempPath(), "optimus-bench", Guid.NewGuid().ToString("N"));
        var gateway = new GatewayOptions { ApiPort = GatewayHost.FreePort(), AgentPort = GatewayHost.FreePort(), DataDirectory = data, NoAuth = args.Get("auth") == "off" };
        await using var up = OptimusUp.Build(new UpOptions { Gateway = gateway, Vehicles = vehicles, Echo = true }, null, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await up.StartAsync(CancellationToken.None);
        await up.WaitForFleetAsync(CancellationToken.None);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };

        for (var i = 0; i < 500; i++)
        {
            await SendAsync(http); // warm-up: JIT, connection pool, grain activations
        }

        var latencies = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var clock = Stopwatch.GetTimestamp();
            await SendAsync(http);
            latencies.Add(Stopwatch.GetElapsedTime(clock).TotalMilliseconds);
        }

        var completed = 0L;
        var deadline = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                await SendAsync(http);
                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(workers);
        var throughput = completed / deadline.Elapsed.TotalSeconds;

        Console.WriteLine($"""
            | measure | value |
            |---|---|
            | median round trip, sequential ({requests} requests) | {Stats.Median(latencies):0.000} ms |
            | p99 round trip, sequential | {Stats.Percentile(latencies, 99):0.000} ms |
            | throughput, {concurrency} concurrent clients for {seconds} s | {throughput:0} requests/s |

            echo backend, {vehicles} vehicles × 2 dies, non-streamed chat with max_tokens 1; client in the same process; machine: {Stats.Machine()}
            """);
        return 0;
    }

    private static async Task SendAsync(HttpClient http)
    {
        using var content = new StringContent(Body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("v1/chat/completions", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await response.Content.ReadAsByteArrayAsync();
    }
}
