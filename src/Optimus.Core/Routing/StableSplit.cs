namespace Optimus.Core.Routing;

/// <summary>
/// Assigns rows to folds or splits by a seeded hash of their text, not by their position: the assignment survives
/// reordering and reloading of the data, and identical prompts always land together, so a duplicate can never sit
/// on both sides of a train/test boundary.
/// </summary>
public static class StableSplit
{
    /// <summary>A uniform value in [0, 1) fixed by <paramref name="key"/> and <paramref name="seed"/>.</summary>
    public static double Unit(string key, int seed)
    {
        ArgumentNullException.ThrowIfNull(key);
        // FNV-1a over UTF-16 code units, then a SplitMix64 finaliser to spread the seed through every bit.
        // string.GetHashCode is randomised per process and would not replay.
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash += 0x9E3779B97F4A7C15UL;
        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The fold, in [0, <paramref name="folds"/>), of the row with text <paramref name="key"/>.</summary>
    public static int Fold(string key, int seed, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 1);
        return Math.Min((int)(Unit(key, seed) * folds), folds - 1);
    }

    /// <summary>Whether the row with text <paramref name="key"/> falls in the held-out <paramref name="share"/>.</summary>
    public static bool IsHeldOut(string key, int seed, double share) => Unit(key, seed) < share;
}
