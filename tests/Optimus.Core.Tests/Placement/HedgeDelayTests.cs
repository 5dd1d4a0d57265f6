using Optimus.Core.Placement;

namespace Optimus.Core.Tests.Placement;

public sealed class HedgeDelayTests
{
    [Fact]
    public void Current_TooFewSamples_IsTheInitialDelay()
    {
        var hedge = new HedgeDelay(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10));
        hedge.Record(TimeSpan.FromMilliseconds(5));
        Assert.Equal(TimeSpan.FromSeconds(1), hedge.Current);
    }

    [Fact]
    public void Current_ManySamples_IsTheirP95()
    {
        var hedge = new HedgeDelay(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1));
        for (var ms = 1; ms <= 100; ms++)
        {
            hedge.Record(TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(95), hedge.Current);
    }

    [Fact]
    public void Current_FastFleet_NeverBelowTheFloor()
    {
        var hedge = new HedgeDelay(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20));
        for (var i = 0; i < 50; i++)
        {
            hedge.Record(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(20), hedge.Current);
    }

    [Fact]
    public void Record_BeyondTheWindow_ForgetsOldSamples()
    {
        var hedge = new HedgeDelay(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1), window: 20, minimumSamples: 20);
        for (var i = 0; i < 20; i++)
        {
            hedge.Record(TimeSpan.FromSeconds(10));
        }

        for (var i = 0; i < 20; i++)
        {
            hedge.Record(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(50), hedge.Current);
    }
}
