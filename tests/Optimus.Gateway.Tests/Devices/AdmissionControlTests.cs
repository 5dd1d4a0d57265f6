using Microsoft.Extensions.Time.Testing;
using Optimus.Gateway.Devices;

namespace Optimus.Gateway.Tests.Devices;

/// <summary>
/// The fleet's admission queue: freed slots go to the waiting keys in turn, so a key that floods the queue does not make
/// another key wait for the flood's backlog. Fake time, so the recheck timer never offers a slot behind the test's back.
/// </summary>
public sealed class AdmissionControlTests : IDisposable
{
    private readonly AdmissionControl _admission = new(new GatewayOptions { MaxQueuedRequests = 16 }, new FakeTimeProvider());

    [Fact]
    public async Task Pulse_OneKeyFloodsThenAnotherWaits_TheOtherKeyIsServedNextNotAfterTheFlood()
    {
        var waiting = new List<(string Name, Task Turn)>();
        for (var i = 1; i <= 5; i++)
        {
            waiting.Add(($"a{i}", Wait("flood")));
        }

        waiting.Add(("b1", Wait("other")));
        waiting.Add(("b2", Wait("other")));

        var served = new List<string>();
        while (waiting.Count > 0)
        {
            _admission.Pulse();
            var turn = await Task.WhenAny(waiting.Select(w => w.Turn)).WaitAsync(TimeSpan.FromSeconds(10));
            var next = waiting.Single(w => w.Turn == turn);
            waiting.Remove(next);
            served.Add(next.Name);
        }

        // FIFO across keys would serve a1..a5 before b1: round-robin serves each waiting key in turn.
        Assert.Equal(["a1", "b1", "a2", "b2", "a3", "a4", "a5"], served);
    }

    [Fact]
    public void TryEnter_QueueFull_RefusesAndCountsPerKey()
    {
        var tickets = Enumerable.Range(0, 16).Select(i => _admission.TryEnter(i % 4 == 0 ? "b" : "a")).ToList();

        Assert.All(tickets, Assert.NotNull);
        Assert.Null(_admission.TryEnter("c"));
        Assert.Equal(16, _admission.Waiting);
        Assert.Equal(12, _admission.WaitingByKey["a"]);
        Assert.Equal(4, _admission.WaitingByKey["b"]);

        tickets.ForEach(t => t!.Dispose());
        Assert.Equal(0, _admission.Waiting);
        Assert.Empty(_admission.WaitingByKey);
    }

    [Fact]
    public async Task WaitTurnAsync_WaiterCancelled_TheSlotGoesToTheNextWaiter()
    {
        using var cancel = new CancellationTokenSource();
        using var first = _admission.TryEnter("a")!;
        using var second = _admission.TryEnter("b")!;
        var cancelled = _admission.WaitTurnAsync(first, again: false, cancel.Token);
        var next = _admission.WaitTurnAsync(second, again: false, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        _admission.Pulse();

        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitTurnAsync_SlotFreedWhileNobodyWaited_TheNextWaiterTakesItAtOnce()
    {
        using var ticket = _admission.TryEnter("a")!;

        _admission.Pulse(); // the ticket holder is placing, not waiting
        await _admission.WaitTurnAsync(ticket, again: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _admission.Dispose();

    private Task Wait(string key) => _admission.WaitTurnAsync(_admission.TryEnter(key)!, again: false, CancellationToken.None);
}
