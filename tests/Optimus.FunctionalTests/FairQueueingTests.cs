using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Devices;
using Xunit.Abstractions;

namespace Optimus.FunctionalTests;

/// <summary>
/// One key cannot take the fleet: key A floods a two-slot echo fleet with 40 concurrent requests; key B's requests,
/// sent once A's backlog waits in the admission queue, are served in turn with A's rather than after it. Counted by
/// completion order, not by time; the waits are printed for docs/benchmarks.md.
/// </summary>
public sealed class FairQueueingTests(ITestOutputHelper output)
{
    private const int Flood = 40;
    private const int Others = 4;

    [Fact]
    public async Task Saturation_OneKeyFloods_AnotherKeysRequestsStartBeforeTheFloodsBacklogDrains()
    {
        var options = new UpOptions { Vehicles = 1, Echo = true, EmulateTokensPerSecond = 100 };
        await using var up = await FleetFixture.StartAsync(options, TestRequests.TempData());
        var keys = up.App.Services.GetRequiredService<KeyRing>();
        var admission = up.App.Services.GetRequiredService<AdmissionControl>();
        using var a = Client(up, keys.Store.Create("flood-a", KeyRole.Customer, "a", KeyLimits.None).Secret);
        using var b = Client(up, keys.Store.Create("fair-b", KeyRole.Customer, "b", KeyLimits.None).Secret);
        var done = new ConcurrentQueue<string>();

        var flood = Enumerable.Range(0, Flood).Select(_ => SendAsync(a, "a", done)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (admission.Waiting < Flood - 10 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5); // polls the queue's depth: the flood's backlog is what B must not wait behind
        }

        var backlog = admission.Waiting;
        var backlogOfA = admission.WaitingByKey.GetValueOrDefault("flood-a");
        Assert.True(backlog >= Flood - 10, $"A's backlog in the queue: {backlog}");
        var floodDoneBeforeB = done.Count;
        var others = Enumerable.Range(0, Others).Select(_ => SendAsync(b, "b", done)).ToList();
        var otherWaits = await Task.WhenAll(others);
        var floodDoneWhileBWaited = done.Count(d => d == "a") - floodDoneBeforeB;
        var floodWaits = await Task.WhenAll(flood);

        output.WriteLine($"A: {Flood} concurrent requests, {backlog} queued when B arrived; B: {Others} concurrent requests");
        output.WriteLine($"A's requests served while B's {Others} waited: {floodDoneWhileBWaited} (FIFO would be at least {backlog})");
        output.WriteLine($"B's wait: mean {otherWaits.Average():0} ms, max {otherWaits.Max():0} ms; A's wait: mean {floodWaits.Average():0} ms, max {floodWaits.Max():0} ms");

        // Round-robin: B's requests alternate with A's for the freed slots, so about one of A's is served per one of
        // B's (plus those already running); FIFO would serve A's whole backlog first.
        Assert.Equal(backlog, backlogOfA); // only A waited then, and the queue knew it by key
        Assert.InRange(floodDoneWhileBWaited, 0, (backlog / 2) - 1);
    }

    private static HttpClient Client(OptimusUp up, string secret) => new()
    {
        BaseAddress = up.ApiUrl,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", secret) },
        Timeout = TimeSpan.FromSeconds(120),
    };

    // Sends one request and returns how long it took, in milliseconds, having noted its key in completion order.
    private static async Task<double> SendAsync(HttpClient http, string key, ConcurrentQueue<string> done)
    {
        var clock = Stopwatch.GetTimestamp();
        using var response = await http.PostAsync("v1/chat/completions", TestRequests.Chat(20));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        done.Enqueue(key);
        return Stopwatch.GetElapsedTime(clock).TotalMilliseconds;
    }
}
