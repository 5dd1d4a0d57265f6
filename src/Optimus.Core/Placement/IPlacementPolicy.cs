using Optimus.Core.Randomness;

namespace Optimus.Core.Placement;

/// <summary>
/// Chooses a vehicle for a job among eligible candidates (all of which have a free slot). Pure: the same candidates and
/// random sequence give the same choice, in the coordinator and in the simulator alike.
/// </summary>
public interface IPlacementPolicy
{
    /// <summary>The index of the chosen candidate, or -1 when there is none.</summary>
    int Choose(IReadOnlyList<VehicleLoad> candidates, IRandomSource random);
}
