using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Optimus.Cli.Up;
using Optimus.Core.Vehicles;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Gateway;
using Optimus.Gateway.Devices;

namespace Optimus.Bench;

/// <summary>
/// What a client sees when vehicles misbehave. failover: the gap between tokens when the serving vehicle drives away
/// mid-stream. hedging: time to first token with one slow vehicle in ten, with and without hedging.
/// </summary>
internal static class FleetTimingScenario
{
    private const string Prompt = "Once upon a time";

    public static async Task<int> FailoverAsync(BenchArgs args, string model)
    {
        var trials = args.Int("trials", 40);
        var rate = args.Int("rate", 50);
        await using var up = await StartAsync(new UpOptions { Vehicles = 4, EmulateTokensPerSecond = rate }, model, hedging: false);
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };
        var gaps = new List<double>();
        var normal = new List<double>();
        var departures = 0;
        var reprefill = 0;
        for (var trial = 0; trial < trials; trial++)
        {
            foreach (var vehicle in up.Fleet.Vehicles)
            {
                vehicle.Status.Current = VehicleStatus.ParkedAndCharging; // everyone back
            }

            var tokens = await StreamAsync(http, 40, afterTokens: 10, onTrigger: vehicleId =>
                up.Fleet.Vehicles.Single(v => up.App.Services.GetRequiredService<Gateway.Api.VehiclePseudonyms>().Of(v.Agent.VehicleId) == vehicleId).Status.Current = VehicleStatus.ParkedAndCharging with { Activity = VehicleActivity.Driving, PluggedIn = false });

            // The gap across the departure: from the departing vehicle's last token to its replacement's first, found by
            // the vehicle each chunk names (optimus.vehicle), not by position.
            var switchAt = tokens.FindIndex(1, t => t.Vehicle != tokens[0].Vehicle);
            if (switchAt < 0)
            {
                Console.Error.WriteLine($"trial {trial}: no departure seen (one vehicle sent all {tokens.Count} tokens)");
                continue;
            }

            departures++;
            reprefill = switchAt; // the replacement re-prefills the prompt and the tokens delivered so far
            gaps.Add(tokens[switchAt].AtMs - tokens[switchAt - 1].AtMs);
            normal.AddRange(tokens.Zip(tokens.Skip(1)).Where(p => p.First.Vehicle == p.Second.Vehicle).Select(p => p.Second.AtMs - p.First.AtMs));
        }

        var failovers = up.App.Services.GetRequiredService<InferenceDispatcher>().Failovers;
        Console.WriteLine($"""
            | measure | p50 | p99 | max |
            |---|---|---|---|
            | gap across the departure: the departing vehicle's last token to its replacement's first ({departures} of {trials} trials, {failovers} failovers) | {Stats.Median(gaps):0.0} ms | {Stats.Percentile(gaps, 99):0.0} ms | {gaps.Max():0.0} ms |
            | ordinary interval between two tokens of one vehicle (emulated {rate} tokens/s, {normal.Count} intervals) | {Stats.Median(normal):0.0} ms | {Stats.Percentile(normal, 99):0.0} ms | {normal.Max():0.0} ms |

            4 vehicles, stories260K, one stream at a time; the serving vehicle drives away after the 10th token of 40; the
            replacement re-prefills the prompt + {reprefill} delivered tokens; machine: {Stats.Machine()}
            """);
        return departures == trials ? 0 : 1;
    }

    public static async Task<int> HedgingAsync(BenchArgs args, string model)
    {
        var requests = args.Int("requests", 300);
        var lines = new List<string>();
        foreach (var hedging in new[] { false, true })
        {
            // Ten vehicles; the last one takes a second per token (a congested or throttled car).
            await using var up = await StartAsync(new UpOptions { Vehicles = 9, EmulateTokensPerSecond = 200 }, model, hedging);
            await using var slow = await SlowVehicle.StartAsync(up, model);
            using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };
            var ttft = new List<double>();
            for (var i = 0; i < requests; i++)
            {
                var arrivals = await StreamAsync(http, 2, afterTokens: -1, onTrigger: null);
                ttft.Add(arrivals[0].AtMs);
            }

            lines.Add($"| {(hedging ? "with hedging" : "without hedging")} | {Stats.Median(ttft):0.0} ms | {Stats.Percentile(ttft, 95):0.0} ms | {Stats.Percentile(ttft, 99):0.0} ms |");
        }

        Console.WriteLine($"""
            | time to first token, {requests} sequential requests, 1 slow vehicle in 10 | p50 | p95 | p99 |
            |---|---|---|---|
            {string.Join(Environment.NewLine, lines)}

            9 vehicles at 200 tokens/s, 1 at 1 token/s; machine: {Stats.Machine()}
            """);
        return 0;
    }

    private static async Task<OptimusUp> StartAsync(UpOptions options, string model, bool hedging)
    {
        var data = Path.Combine(Path.GetTempPath(), "optimus-bench", Guid.NewGuid().ToString("N"));
        var gateway = new GatewayOptions { ApiPort = GatewayHost.FreePort(), AgentPort = GatewayHost.FreePort(), DataDirectory = data, Hedging = hedging, InitialHedgeDelay = TimeSpan.FromMilliseconds(100) };
        var up = OptimusUp.Build(options with { Gateway = gateway }, model, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await up.StartAsync(CancellationToken.None);
        await up.WaitForFleetAsync(CancellationToken.None);
        return up;
    }

    // Streams one greedy answer; returns each token's arrival in ms since the request was sent, with the vehicle its chunk
    // names.
    private static async Task<List<(double AtMs, string Vehicle)>> StreamAsync(HttpClient http, int maxTokens, int afterTokens, Action<string>? onTrigger)
    {
        var body = new { model = "optimus-edge", temperature = 0, max_tokens = maxTokens, stream = true, messages = new[] { new { role = "user", content = Prompt } } };
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var vehicle = response.Headers.GetValues("x-optimus-vehicle").Single();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var arrivals = new List<(double, string)>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal) && line.Contains("\"content\"", StringComparison.Ordinal))
            {
                var at = clock.Elapsed.TotalMilliseconds;
                using var chunk = JsonDocument.Parse(line.AsMemory(6));
                var from = chunk.RootElement.TryGetProperty("optimus", out var optimus) && optimus.TryGetProperty("vehicle", out var v) ? v.GetString() ?? "?" : "?";
                arrivals.Add((at, from));
                if (arrivals.Count == afterTokens)
                {
                    onTrigger?.Invoke(vehicle);
                }
            }
        }

        return arrivals;
    }
}
