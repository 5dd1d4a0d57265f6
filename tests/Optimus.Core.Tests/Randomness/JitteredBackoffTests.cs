using Optimus.Core.Randomness;

namespace Optimus.Core.Tests.Randomness;

public sealed class JitteredBackoffTests
{
    [Fact]
    public void Delay_StaysWithinExponentialCeilingAndCap()
    {
        var random = new SeededRandom(3);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var delay = JitteredBackoff.Delay(attempt, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), random);
            var ceiling = Math.Min(10_000, 100 * Math.Pow(2, attempt));
            Assert.InRange(delay.TotalMilliseconds, 0, ceiling);
        }
    }

    [Fact]
    public void Delay_TwoAgentsWithDifferentSeeds_DoNotReconnectInLockStep()
    {
        var a = JitteredBackoff.Delay(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), new SeededRandom(1));
        var b = JitteredBackoff.Delay(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), new SeededRandom(2));
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void SeededRandomSourceFactory_SameOwner_SameStream()
    {
        var factory = new SeededRandomSourceFactory(9);
        Assert.Equal(factory.Create("dispatcher/x").NextInt(1000), new SeededRandomSourceFactory(9).Create("dispatcher/x").NextInt(1000));
    }
}
