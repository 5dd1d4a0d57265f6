using Optimus.Core.Randomness;

namespace Optimus.Core.Placement;

/// <summary>
/// Samples two distinct candidates at random and takes the one with the lower <see cref="PlacementScore"/>. O(1) per
/// placement however large the fleet, with load balance exponentially better than one random choice (Mitzenmacher,
/// "The Power of Two Choices in Randomized Load Balancing").
/// </summary>
public sealed class PowerOfTwoChoicesPlacementPolicy : IPlacementPolicy
{
    public const string Name = nameof(PowerOfTwoChoicesPlacementPolicy);

    public int Choose(IReadOnlyList<VehicleLoad> candidates, PlacementRequest request, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        switch (candidates.Count)
        {
            case 0:
                return -1;
            case 1:
                return 0;
        }

        var first = random.NextInt(candidates.Count);
        var second = random.NextInt(candidates.Count - 1);
        if (second >= first)
        {
            second++;
        }

        return PlacementScore.Cost(candidates[second], request) < PlacementScore.Cost(candidates[first], request) ? second : first;
    }
}
