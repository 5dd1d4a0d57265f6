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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> Reported = new();

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

        // The concurrent phase saturates the fleet (concurrency ≥ slots): a refusal there is counted by status, not
        // thrown, so a rare 503 (issue 12: a saturated fleet must queue or answer 429) shows as a count of N.
        var completed = 0L;
        var refused = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var deadline = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                if (await TrySendAsync(http) is { } status)
                {
                    refused.AddOrUpdate(status, 1, static (_, n) => n + 1);
                }

                Interlocked.Increment(ref completed);
            }
        });
        await Task.WhenAll(workers);
        var throughput = completed / deadline.Elapsed.TotalSeconds;
        var refusals = refused.IsEmpty ? "none" : string.Join(", ", refused.OrderBy(r => r.Key).Select(r => $"{r.Value} × {r.Key}"));

        Console.WriteLine($"""
            | measure | value |
            |---|---|
            | median round trip, sequential ({requests} requests) | {Stats.Median(latencies):0.000} ms |
            | p99 round trip, sequential | {Stats.Percentile(latencies, 99):0.000} ms |
            | throughput, {concurrency} concurrent clients for {seconds} s | {throughput:0} requests/s |
            | refused in the concurrent phase (of {completed}) | {refusals} |

            echo backend, {vehicles} vehicles × 2 dies, non-streamed chat with max_tokens 1; client in the same process; machine: {Stats.Machine()}
            """);
        return 0;
    }

    private static async Task SendAsync(HttpClient http)
    {
        if (await TrySendAsync(http) is { } status)
        {
            throw new InvalidOperationException($"The gateway answered {status}.");
        }
    }

    // Null when the request succeeded, else its status (the body goes to stderr, once per status, to say why).
    private static async Task<int?> TrySendAsync(HttpClient http)
    {
        using var content = new StringContent(Body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("v1/chat/completions", content);
        var body = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var status = (int)response.StatusCode;
        if (Reported.TryAdd(status, 0))
        {
            await Console.Error.WriteLineAsync($"{status}: {body}");
        }

        return status;
    }
}
