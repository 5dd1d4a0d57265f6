using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Optimus.Cli.Up;
using Optimus.Core.Vehicles;
using Optimus.Gateway.Devices;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Testing;
using Xunit.Abstractions;

namespace Optimus.FunctionalTests;

/// <summary>
/// Vehicles leave mid-stream — by each kind of departure — while every request must complete with exactly the text
/// a churn-free run gives. Departure points are random with a fixed seed, printed on failure.
/// </summary>
public sealed class ChurnTests(ITestOutputHelper output)
{
    private const int MaxTokens = 48;
    private const int Seed = 20261126;

    public static TheoryData<string> Departures => ["driving", "unplugged", "below floor", "overheated", "opted out", "kill -9", "lease expiry"];

    [Theory]
    [MemberData(nameof(Departures))]
    public async Task Streams_ThirtyPercentOfVehiclesDepartMidStream_NoRequestFailsAndTextIsUnchanged(string departure)
    {
        output.WriteLine($"seed {Seed}, departure {departure}");
        var random = new Random(Seed + departure.Length);
        var data = Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));
        // 7 simulated vehicles + 3 agent processes = 10 vehicles; 3 of them (30%) leave. 40 tokens/s: 1.2 s per answer.
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 7, EmulateTokensPerSecond = 40 }, data);
        var processes = new List<OptimusProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var agent = OptimusProcess.Start(["agent", "--coordinator", up.AgentUrl.ToString(), "--vehicle-id", $"proc-{i}", "--model", TestPaths.StoriesModel, "--threads", "1", "--emulate-tokens-per-second", "40",
                    "--credential", up.EnrolVehicle($"proc-{i}")]);
                processes.Add(agent);
            }

            await Task.WhenAll(processes.Select(p => p.WaitForOutputAsync("registered", TimeSpan.FromSeconds(60))));
            using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization }, Timeout = TimeSpan.FromSeconds(60) };
            var expected = await StreamAsync(http, null);

            var firstTokens = new AsyncCountdown(10);
            var streams = Enumerable.Range(0, 10).Select(_ => StreamAsync(http, firstTokens)).ToArray();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await firstTokens.WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"all streams started at {clock.ElapsedMilliseconds} ms; done: {streams.Count(s => s.IsCompleted)}");
            await Task.Delay(random.Next(50, 250)); // a random point mid-stream
            output.WriteLine($"departing at {clock.ElapsedMilliseconds} ms; done: {streams.Count(s => s.IsCompleted)}");
            await DepartAsync(up, processes, departure);

            var results = await Task.WhenAll(streams);
            var dispatcher = up.App.Services.GetRequiredService<InferenceDispatcher>();
            output.WriteLine($"failovers: {dispatcher.Failovers}");
            Assert.All(results, text => Assert.Equal(expected, text));
            Assert.True(dispatcher.Failovers > 0, "no stream was interrupted: the departures missed every answer");
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Signal("CONT");
                await process.DisposeAsync();
            }
        }
    }

    private static async Task DepartAsync(OptimusUp up, List<OptimusProcess> processes, string departure)
    {
        if (departure == "kill -9")
        {
            processes.ForEach(p => p.Kill());
            return;
        }

        if (departure == "lease expiry")
        {
            processes.ForEach(p => p.Signal("STOP")); // connections stay open; heartbeats stop
            return;
        }

        // The busiest simulated vehicles leave: each is serving at least one stream.
        foreach (var vehicle in up.Fleet.Vehicles.OrderByDescending(v => v.Agent.ActiveJobs).Take(3))
        {
            var status = vehicle.Status;
            switch (departure)
            {
                case "driving": status.Current = status.Current with { Activity = VehicleActivity.Driving }; break;
                case "unplugged": status.Current = status.Current with { Activity = VehicleActivity.Parked, PluggedIn = false }; break;
                case "below floor": status.Current = status.Current with { StateOfCharge = 0.2 }; break;
                case "overheated": status.Current = status.Current with { ThermalHeadroomC = 1 }; break;
                case "opted out": status.Policy = status.Policy with { OptedOut = true }; break;
            }
        }

        await Task.CompletedTask;
    }

    // Streams one greedy answer and returns its text; signals after the first token.
    private static async Task<string> StreamAsync(HttpClient http, AsyncCountdown? firstToken)
    {
        var body = new { model = "optimus-edge", temperature = 0, max_tokens = MaxTokens, stream = true, messages = new[] { new { role = "user", content = "Once upon a time" } } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var text = new StringBuilder();
        var signalled = false;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line[6..]);
            Assert.False(json.RootElement.TryGetProperty("error", out var error), error.ToString());
            var choices = json.RootElement.GetProperty("choices");
            if (choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out var content))
            {
                text.Append(content.GetString());
                if (!signalled && firstToken is not null)
                {
                    signalled = true;
                    firstToken.Signal();
                }
            }
        }

        return text.ToString();
    }
}
