using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Core.Vehicles;
using Optimus.Gateway.Devices;

namespace Optimus.FunctionalTests;

/// <summary>Owner rules and fleet capacity as a customer sees them: who serves, who never does, and what a full fleet answers.</summary>
public sealed class PlacementRulesTests
{
    [Fact]
    public async Task Dispatch_OwnerRules_NeverOutsideHoursUnderFloorUnpluggedOrOptedOut()
    {
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 5 }, TestRequests.TempData());
        var vehicles = up.Fleet.Vehicles;
        var now = DateTimeOffset.UtcNow;
        // Allowed only 6 to 2 hours before now, so never now (nor within the test's minute).
        var hours = WeeklyHours.Parse($"sun-sat {(now.Hour + 18) % 24}-{(now.Hour + 22) % 24}");
        vehicles[0].Status.Policy = OwnerPolicy.Default with { Hours = hours };
        vehicles[1].Status.Current = vehicles[1].Status.Current with { StateOfCharge = 0.3 };
        vehicles[2].Status.Current = vehicles[2].Status.Current with { Activity = VehicleActivity.Parked, PluggedIn = false };
        vehicles[3].Status.Policy = OwnerPolicy.Default with { OptedOut = true };
        var allowed = vehicles[4].Agent.VehicleId;
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };
        await WaitForServingAsync(http, 1, TimeSpan.FromSeconds(5));

        for (var i = 0; i < 20; i++)
        {
            using var response = await http.PostAsync("v1/chat/completions", TestRequests.Chat(2));
            response.EnsureSuccessStatusCode();
            Assert.Equal(up.PublicName(allowed), response.Headers.GetValues("x-optimus-vehicle").Single());
        }

        // Opt-out: the agent sends a heartbeat carrying the change at once, and the gateway drains the vehicle when that
        // heartbeat is acknowledged (the fleet summary then counts it out); only then is the refusal asserted.
        vehicles[4].Status.Policy = OwnerPolicy.Default with { OptedOut = true };
        await WaitForServingAsync(http, 0, TimeSpan.FromSeconds(10));
        using var after = await http.PostAsync("v1/chat/completions", TestRequests.Chat(2));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
    }

    [Fact]
    public async Task Saturation_QueueFull_Answers429WithRetryAfterAndServesEveryAcceptedRequest()
    {
        var options = new UpOptions { Vehicles = 1, EmulateTokensPerSecond = 20 };
        await using var up = await FleetFixture.StartAsync(options with { Gateway = options.Gateway with { MaxQueuedRequests = 2 } }, TestRequests.TempData());
        var admission = up.App.Services.GetRequiredService<AdmissionControl>();
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization }, Timeout = TimeSpan.FromSeconds(60) };

        // Two running (one per die), two queued, and the fifth finds the queue full.
        var accepted = Enumerable.Range(0, 4).Select(_ => http.PostAsync("v1/chat/completions", TestRequests.Chat(10))).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (admission.Waiting < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(2, admission.Waiting);
        using var refused = await http.PostAsync("v1/chat/completions", TestRequests.Chat(10));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("fleet_saturated", (await ErrorResponseTests.ReadErrorAsync(refused)).GetProperty("code").GetString());

        foreach (var response in await Task.WhenAll(accepted))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var json = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(10, json.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
            }
        }
    }

    /// <summary>Waits (bounded by <paramref name="within"/>) until the fleet summary counts <paramref name="serving"/> vehicles able to take work.</summary>
    internal static async Task WaitForServingAsync(HttpClient http, int serving, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            using var ready = await http.GetAsync("ready");
            var json = await ready.Content.ReadFromJsonAsync<JsonElement>();
            if (json.GetProperty("serving").GetInt32() == serving)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"serving {json.GetProperty("serving").GetInt32()}, expected {serving} within {within}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Dispatch_FleetShardedAcrossCells_EveryCellServes()
    {
        var options = new UpOptions { Vehicles = 6 };
        await using var up = await FleetFixture.StartAsync(options with { Gateway = options.Gateway with { DispatchCells = 3 } }, TestRequests.TempData());
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };
        await WaitForServingAsync(http, 6, TimeSpan.FromSeconds(5));

        var served = new HashSet<string>();
        for (var i = 0; i < 60 && served.Count < 6; i++)
        {
            using var response = await http.PostAsync("v1/chat/completions", TestRequests.Chat(1));
            response.EnsureSuccessStatusCode();
            served.Add(response.Headers.GetValues("x-optimus-vehicle").Single());
        }

        Assert.Equal(6, served.Count);
    }
}
