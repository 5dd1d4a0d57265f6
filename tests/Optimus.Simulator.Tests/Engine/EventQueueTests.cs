using Optimus.Core.Randomness;
using Optimus.Simulator.Engine;

namespace Optimus.Simulator.Tests.Engine;

public class EventQueueTests
{
    [Fact]
    public void TryPop_RandomPushesAcrossBuckets_ComeOutInTimeThenSequenceOrder()
    {
        const int seed = 11;
        var random = new SeededRandom(seed);
        var queue = new EventQueue(SimTime.Day);
        var pushed = new List<(long Time, int Id)>();
        for (var i = 0; i < 20_000; i++)
        {
            // Coarse times force ties, which must come out in push order.
            var time = random.NextInt(2_000) * SimTime.Second * 17;
            queue.Push(time, EventKind.Tick, i);
            pushed.Add((time, i));
        }

        var expected = pushed.OrderBy(p => p.Time).ThenBy(p => p.Id).Select(p => p.Id).ToList();
        var actual = new List<int>();
        while (queue.TryPop(out var e))
        {
            actual.Add(e.Target);
        }

        Assert.True(expected.SequenceEqual(actual), $"seed {seed}: events out of order");
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Push_WhilePopping_EarlierThanQueuedLaterEventsStillFirst()
    {
        var queue = new EventQueue(SimTime.Day);
        queue.Push(10 * SimTime.Minute, EventKind.Tick, 1);
        Assert.True(queue.TryPop(out var first));
        queue.Push(first.Time + 5, EventKind.Tick, 2);
        queue.Push(first.Time + SimTime.Hour, EventKind.Tick, 3);
        queue.Push(first.Time + 1, EventKind.Tick, 4);

        var order = new List<int>();
        while (queue.TryPop(out var e))
        {
            order.Add(e.Target);
        }

        Assert.Equal([4, 2, 3], order);
    }

    [Fact]
    public void Push_AtOrAfterTheEnd_IsDroppedAndCounted()
    {
        var queue = new EventQueue(SimTime.Hour);

        Assert.False(queue.Push(SimTime.Hour, EventKind.Tick, 0));
        Assert.True(queue.Push(SimTime.Hour - 1, EventKind.Tick, 0));
        Assert.Equal(1, queue.Dropped);
        Assert.Equal(1, queue.Count);
    }
}
