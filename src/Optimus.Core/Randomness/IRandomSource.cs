namespace Optimus.Core.Randomness;

/// <summary>
/// The only source of randomness that Core policies may use, so that a run replays from its seed.
/// Implementations need not be thread-safe; each owner (a grain, an agent, a simulation) holds its own.
/// </summary>
public interface IRandomSource
{
    /// <summary>A uniformly distributed integer in [0, maxExclusive).</summary>
    int NextInt(int maxExclusive);

    /// <summary>A uniformly distributed double in [0, 1).</summary>
    double NextDouble();
}
