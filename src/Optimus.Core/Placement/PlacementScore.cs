namespace Optimus.Core.Placement;

/// <summary>
/// The cost of placing a job on a vehicle (lower is better): its load, a penalty when it is expected to leave before
/// the job ends (a failover costs a re-prefill and a visible gap), and distrust. Batch work looks further ahead: it
/// prefers vehicles expected to stay for <see cref="BatchHorizon"/> (plugged in for the night), since a batch keeps
/// feeding the vehicle it lands on.
/// </summary>
public static class PlacementScore
{
    public static readonly TimeSpan BatchHorizon = TimeSpan.FromHours(4);

    /// <summary>A vehicle expected to leave mid-job costs as much as one fully loaded, plus the missing share of the job.</summary>
    public static double Cost(VehicleLoad vehicle, PlacementRequest request)
    {
        var cost = vehicle.Utilisation + (1 - Math.Clamp(vehicle.Reputation, 0, 1));
        var horizon = request.Class == JobClass.Batch ? Math.Max(request.ExpectedSeconds, BatchHorizon.TotalSeconds) : request.ExpectedSeconds;
        if (vehicle.PredictedDwellSeconds < horizon)
        {
            cost += 1 + ((horizon - vehicle.PredictedDwellSeconds) / Math.Max(horizon, 1e-9));
        }

        return cost;
    }
}
