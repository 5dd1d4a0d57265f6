using Optimus.Simulator.Model;

namespace Optimus.Simulator.Verification;

/// <summary>The run's outcome: totals, and per kind of misbehaving vehicle how many were caught and how fast.</summary>
internal sealed partial class ByzantineFleetSimulation
{
    private ByzantineFleetResult Result(long jobs, double wallSeconds)
    {
        var kinds = new List<KindOutcome>();
        foreach (var kind in Enum.GetValues<ByzantineKind>())
        {
            var vehicles = _fleet.Kind.Count(k => k == kind);
            var caught = _quarantines.Where(q => q.Kind == kind).ToList();
            var executions = caught.Select(q => (double)q.Executions).Order().ToList();
            kinds.Add(new KindOutcome(
                kind,
                vehicles,
                caught.Count,
                _wrongByKind[(int)kind],
                caught.Count == 0 ? double.NaN : executions.Average(),
                caught.Count == 0 ? double.NaN : executions[Math.Min(executions.Count - 1, (int)Math.Ceiling(0.99 * executions.Count) - 1)],
                caught.Count == 0 ? double.NaN : caught.Average(q => q.FleetTime)));
        }

        return new ByzantineFleetResult
        {
            Config = _config,
            Jobs = jobs,
            Accepted = _accepted,
            WrongAccepted = _wrongAccepted,
            WrongFlaggedLater = _wrongFlagged,
            SuspectResults = _suspect,
            Primaries = _primaries,
            Replicas = _replicas,
            TieBreakers = _tieBreakers,
            Canaries = _canaries,
            Retries = _retries,
            UnpaidAttempts = _unpaid,
            Unverifiable = _unverifiable,
            Undelivered = _undelivered,
            DeviceSeconds = _seconds,
            AcceptedDeviceSeconds = _acceptedSeconds,
            Kinds = kinds,
            WallSeconds = wallSeconds,
        };
    }
}
