namespace Optimus.Core.Placement;

/// <summary>
/// The cost of placing a job on a vehicle (lower is better): its load, a penalty when it is expected to leave before
/// the job ends (a failover costs a re-prefill and a visible gap), and distrust.
/// </summary>
public static class PlacementScore
{
    /// <summary>A vehicle expected to leave mid-job costs as much as one fully loaded, plus the missing share of the job.</summary>
    public static double Cost(VehicleLoad vehicle, PlacementRequest request)
    {
        var cost = vehicle.Utilisation + (1 - Math.Clamp(vehicle.Reputation, 0, 1));
        if (vehicle.PredictedDwellSeconds < request.ExpectedSeconds)
        {
            cost += 1 + ((request.ExpectedSeconds - vehicle.PredictedDwellSeconds) / Math.Max(request.ExpectedSeconds, 1e-9));
        }

        return cost;
    }
}
