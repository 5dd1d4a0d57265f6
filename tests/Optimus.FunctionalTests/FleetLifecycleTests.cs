using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;
using Optimus.Gateway;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>Tests that start their own coordinator: vehicles that come, go, reconnect, or never fit.</summary>
public sealed class FleetLifecycleTests
{
    [Fact]
    public async Task GatewayWithoutVehicles_Returns503WithRetryAfterAndIsNotReady()
    {
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0 }, TestRequests.TempData());
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };

        using var response = await http.PostAsync("v1/chat/completions", TestRequests.Chat(8));
        using var ready = await http.GetAsync("ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("no_vehicle_available", (await ErrorResponseTests.ReadErrorAsync(response)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Agent_CoordinatorRestarts_ReconnectsWithBackoffAndServesAgain()
    {
        var options = new UpOptions { Vehicles = 0 };
        var data = TestRequests.TempData();
        var up = await FleetFixture.StartAsync(options, data);
        var gateway = up.Options.Gateway;
        var vehicle = InProcessAgent.Start(up, "reconnector");
        var agent = vehicle.Agent;
        try
        {
            await vehicle.WaitForRegistrationAsync(TimeSpan.FromSeconds(30));
            var firstEpoch = agent.LeaseEpoch;
            using (var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } })
            {
                using var first = await http.PostAsync("v1/chat/completions", TestRequests.Chat(4));
                Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
            }

            // The coordinator goes away and comes back on the same ports: the agent's stream breaks and it dials again.
            await up.DisposeAsync();
            var key = up.DemoKey;
            up = OptimusUp.Build(options with { Gateway = gateway }, null);
            up.DemoKey = key; // keys live in the data folder
            await up.StartAsync(CancellationToken.None);

            await vehicle.WaitForRegistrationAsync(TimeSpan.FromSeconds(30));
            Assert.True(agent.Registrations >= 2);
            Assert.NotEqual(firstEpoch, agent.LeaseEpoch);
            using var again = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };
            using var response = await again.PostAsync("v1/chat/completions", TestRequests.Chat(4));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.Equal(up.PublicName("reconnector"), response.Headers.GetValues("x-optimus-vehicle").Single());
        }
        finally
        {
            await vehicle.DisposeAsync();
            await up.DisposeAsync();
        }
    }

    [Fact]
    public async Task ClientDisconnectsMidStream_JobIsCancelledOnTheVehicle()
    {
        // 20 tokens/s: the 400-token answer would take 20 s, so the cancellation must come from the disconnect.
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 1, EmulateTokensPerSecond = 20 }, TestRequests.TempData());
        var agent = up.Fleet.Vehicles[0].Agent;
        var ended = new TaskCompletionSource<JobEnded>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.JobEnded += (_, e) => ended.TrySetResult(e);
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };

        using (var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = TestRequests.Chat(400, stream: true) })
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
        }

        var outcome = await ended.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("cancelled", outcome.Outcome); // not "finished": the 20 s answer was cut short by the disconnect
        Assert.Equal(0, agent.ActiveJobs);

        // The journal records the request as cancelled, with the vehicle that served it.
        var journal = up.App.Services.GetRequiredService<Optimus.Gateway.Storage.JobJournal>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (journal.ReadJobs().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var row = Assert.Single(journal.ReadJobs());
        Assert.Equal(("cancelled", agent.VehicleId), (row.Status, row.VehicleId));
    }

    [Fact]
    public async Task AgentProcess_ModelLargerThanDieBudget_ExitsNonZeroWithClearMessage()
    {
        var result = await OptimusProcess.RunAsync(
            ["agent", "--coordinator", "http://127.0.0.1:9", "--vehicle-id", "tiny-car", "--model", TestPaths.StoriesModel, "--memory-per-die-mb", "8"],
            TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("needs", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("per die", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("--context", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentProcess_ConnectsToGatewayOnlyCoordinator_ServesAndIsReplacedWhenKilled()
    {
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0 }, TestRequests.TempData());
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };
        await using var agent = OptimusProcess.Start(["agent", "--coordinator", up.AgentUrl.ToString(), "--vehicle-id", "car-proc", "--model", TestPaths.StoriesModel, "--threads", "1", "--credential", up.EnrolVehicle("car-proc")]);

        await agent.WaitForOutputAsync("registered", TimeSpan.FromSeconds(60));
        using var response = await http.PostAsync("v1/chat/completions", TestRequests.Chat(8));
        response.EnsureSuccessStatusCode();
        Assert.Equal(up.PublicName("car-proc"), response.Headers.GetValues("x-optimus-vehicle").Single());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(await DirectLlama.GreedyAsync("Once upon a time", 8), json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());

        agent.Kill();
        using var after = await http.PostAsync("v1/chat/completions", TestRequests.Chat(8));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
    }
}
