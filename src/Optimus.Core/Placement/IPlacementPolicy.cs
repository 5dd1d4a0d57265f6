using Optimus.Core.Randomness;

namespace Optimus.Core.Placement;

/// <summary>
/// Chooses a vehicle for a job among eligible candidates (each already passed the hard filters: availability, owner
/// policy, a free slot). Pure: the same candidates, request and random sequence give the same choice, in the
/// coordinator and in the simulator alike.
/// </summary>
public interface IPlacementPolicy
{
    /// <summary>The index of the chosen candidate, or -1 when there is none.</summary>
    int Choose(IReadOnlyList<VehicleLoad> candidates, PlacementRequest request, IRandomSource random);
}
