using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Gateway.Devices;

namespace Optimus.FunctionalTests;

public sealed class HedgingTests
{
    [Fact]
    public async Task Hedging_OneVehicleSlowToStart_TheFasterVehicleAnswersEveryRequest()
    {
        var options = new UpOptions { Vehicles = 0 };
        var data = Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));
        await using var up = await FleetFixture.StartAsync(options with { Gateway = options.Gateway with { InitialHedgeDelay = TimeSpan.FromMilliseconds(200) } }, data);
        // The slow vehicle needs 5 s for its first token; the fast one 10 ms.
        await using var slow = InProcessAgent.Start(up, "slow", tokensPerSecond: 0.2, seed: 1);
        await using var fast = InProcessAgent.Start(up, "fast", tokensPerSecond: 100, seed: 2);
        await Task.WhenAll(slow.WaitForRegistrationAsync(TimeSpan.FromSeconds(30)), fast.WaitForRegistrationAsync(TimeSpan.FromSeconds(30)));
        var dispatcher = up.App.Services.GetRequiredService<InferenceDispatcher>();
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };

        // Placement picks either vehicle; keep asking until some request landed on the slow one and was hedged.
        for (var i = 0; i < 40 && dispatcher.Hedges.Won == 0; i++)
        {
            using var response = await http.PostAsync("v1/chat/completions", new StringContent(
                """{"model":"optimus-edge","temperature":0,"max_tokens":2,"messages":[{"role":"user","content":"Once upon a time"}]}""", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            Assert.Equal(up.PublicName("fast"), response.Headers.GetValues("x-optimus-vehicle").Single());
        }

        // At least one request landed on the slow vehicle and its hedge answered it. (A hedge can also start when the
        // fast vehicle is merely late on a loaded machine, and then lose: so won ≤ started, not equal.)
        Assert.True(dispatcher.Hedges.Won >= 1, "no request was hedged");
        Assert.InRange(dispatcher.Hedges.Won, 1, dispatcher.Hedges.Started);
    }
}
