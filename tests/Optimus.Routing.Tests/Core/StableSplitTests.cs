using Optimus.Core.Routing;

namespace Optimus.Routing.Tests.Core;

public sealed class StableSplitTests
{
    [Fact]
    public void Fold_SameKeyAndSeed_SameFold()
    {
        Assert.Equal(StableSplit.Fold("What is 2+2?", 42, 5), StableSplit.Fold("What is 2+2?", 42, 5));
    }

    [Fact]
    public void Fold_ManyKeys_SpreadsEvenly()
    {
        var counts = new int[5];
        for (var i = 0; i < 10_000; i++)
        {
            counts[StableSplit.Fold($"prompt {i}", 42, 5)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 1800, 2200));
    }

    [Fact]
    public void IsHeldOut_DifferentSeeds_DifferentRows()
    {
        var keys = Enumerable.Range(0, 1000).Select(i => $"prompt {i}").ToArray();

        var a = keys.Where(k => StableSplit.IsHeldOut(k, 1, 0.2)).ToHashSet();
        var b = keys.Where(k => StableSplit.IsHeldOut(k, 2, 0.2)).ToHashSet();

        Assert.NotEqual(a, b);
        Assert.InRange(a.Count, 150, 250);
    }
}
