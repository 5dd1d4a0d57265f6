namespace Optimus.Core.Randomness;

/// <summary>Derives each owner's seed from the root seed and a stable (FNV-1a) hash of the owner's name.</summary>
public sealed class SeededRandomSourceFactory(int rootSeed) : IRandomSourceFactory
{
    public int RootSeed { get; } = rootSeed;

    public IRandomSource Create(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in owner)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return new SeededRandom((int)hash ^ RootSeed);
        }
    }
}
