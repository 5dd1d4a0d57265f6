namespace Optimus.Core.Randomness;

/// <summary>
/// A seeded <see cref="IRandomSource"/>: the same seed gives the same sequence on every platform and run.
/// </summary>
public sealed class SeededRandom(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public int NextInt(int maxExclusive) => _random.Next(maxExclusive);

    public double NextDouble() => _random.NextDouble();
}
