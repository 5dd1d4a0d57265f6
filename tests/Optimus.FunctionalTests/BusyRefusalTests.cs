using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Core.Inference;
using Optimus.Core.Vehicles;
using Optimus.Gateway.Devices;
using Optimus.Inference;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>
/// Issue 12's 503 under saturation: the dispatcher frees a slot when it cancels a job (or reads its end), a moment
/// before the car's die has stopped, and the next request placed there is refused as busy. Refusals used to spend the
/// request's attempts and end in 503 while the car was connected; now the request waits for the slot.
/// </summary>
public sealed class BusyRefusalTests
{
    [Fact]
    public async Task StartAsync_CarStillStoppingACancelledJob_RequestWaitsForTheDieInsteadOf503()
    {
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0, Echo = true }, TestRequests.TempData());
        using var gate = new ManualResetEventSlim();
        var stopping = new AsyncCountdown(1);
        var profile = HardwareProfiles.Default with { Dies = 1 };
        var models = VehicleModels.Echo(profile).Wrapped(g => new SlowToStop(g, gate, stopping));
        await using var car = InProcessAgent.Start(up.AgentOptionsFor("slow-1", profile), models);
        await car.WaitForRegistrationAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization }, Timeout = TimeSpan.FromSeconds(60) };
        await WaitForServingAsync(http);

        // A streamed request takes the car's only die; its client leaves after the first bytes, so the gateway cancels
        // the job and frees the slot, while the die keeps stopping until the gate opens.
        using (var hold = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Chat("hold", stream: true) })
        using (var response = await http.SendAsync(hold, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[1]) > 0);
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        var dispatcher = up.App.Services.GetRequiredService<InferenceDispatcher>();
        var request = http.PostAsync("v1/chat/completions", Chat("next", stream: false));

        // Refused as busy more times than a request has attempts: before the fix it had answered 503 by then.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (dispatcher.BusyRefusals < dispatcher.MaxAttempts && !request.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        gate.Set();
        using var served = await request;
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.True(dispatcher.BusyRefusals >= dispatcher.MaxAttempts, $"busy refusals: {dispatcher.BusyRefusals}");
    }

    private static StringContent Chat(string content, bool stream) => new(
        $$"""{"model":"optimus-edge","temperature":0,"max_tokens":8,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{content}} one two three four"}]}""",
        Encoding.UTF8,
        "application/json");

    private static async Task WaitForServingAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var ready = await http.GetAsync("ready");
            var json = await ready.Content.ReadFromJsonAsync<JsonElement>();
            if (json.GetProperty("serving").GetInt32() == 1)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the car is not serving");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// A die that is slow to stop: a "hold" job sends its first token, then waits for its cancellation and, after it, for
    /// the test's gate before it stops (as a model mid-step finishes the step first).
    /// </summary>
    private sealed class SlowToStop(ITextGenerator inner, ManualResetEventSlim gate, AsyncCountdown stopping) : ITextGenerator
    {
        public ModelDescription Model => inner.Model;

        public GenerationResult Generate(GenerationInput input, SamplingOptions options, Action<GeneratedToken> onToken, CancellationToken cancellationToken)
        {
            var hold = input.Messages?[^1].Content.StartsWith("hold", StringComparison.Ordinal) == true;
            return inner.Generate(input, options, token =>
            {
                onToken(token);
                if (hold)
                {
                    cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(60));
                    stopping.Signal();
                    gate.Wait(TimeSpan.FromSeconds(60));
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}
