using Optimus.Core.Randomness;

namespace Optimus.Core.Placement;

/// <summary>
/// Samples two distinct candidates at random and takes the one with the lower <see cref="PlacementScore"/>. O(1) per
/// placement however large the fleet, with load balance exponentially better than one random choice (Mitzenmacher,
/// "The Power of Two Choices in Randomized Load Balancing"). With a <see cref="PlacementFilter"/>, candidates are drawn
/// by rejection sampling, which stays O(1) while matching vehicles are common; when a few draws find none, it falls
/// back to one scan of the candidates, so a rare region or hardware class is still found.
/// </summary>
public sealed class PowerOfTwoChoicesPlacementPolicy : IPlacementPolicy
{
    public const string Name = nameof(PowerOfTwoChoicesPlacementPolicy);

    private const int Draws = 16;

    public int Choose(IReadOnlyList<VehicleLoad> candidates, PlacementRequest request, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        if (request.Filter is { IsAny: false } filter)
        {
            return ChooseFiltered(candidates, request, filter, random);
        }

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

    private static int ChooseFiltered(IReadOnlyList<VehicleLoad> candidates, PlacementRequest request, PlacementFilter filter, IRandomSource random)
    {
        int first = -1, second = -1;
        for (var draw = 0; draw < Draws && second < 0 && candidates.Count > 0; draw++)
        {
            var i = random.NextInt(candidates.Count);
            if (i != first && filter.Matches(candidates[i]))
            {
                (first, second) = first < 0 ? (i, -1) : (first, i);
            }
        }

        if (second < 0)
        {
            var matching = new List<int>();
            for (var i = 0; i < candidates.Count; i++)
            {
                if (filter.Matches(candidates[i]))
                {
                    matching.Add(i);
                }
            }

            switch (matching.Count)
            {
                case 0:
                    return -1;
                case 1:
                    return matching[0];
            }

            first = matching[random.NextInt(matching.Count)];
            do
            {
                second = matching[random.NextInt(matching.Count)];
            }
            while (second == first);
        }

        return PlacementScore.Cost(candidates[second], request) < PlacementScore.Cost(candidates[first], request) ? second : first;
    }
}
