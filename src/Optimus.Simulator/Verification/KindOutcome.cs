namespace Optimus.Simulator.Verification;

/// <summary>What verification did to the vehicles of one kind.</summary>
/// <param name="Kind">The kind.</param>
/// <param name="Vehicles">Vehicles of this kind.</param>
/// <param name="Quarantined">Of them, quarantined by the end (for honest vehicles: false positives).</param>
/// <param name="WrongAccepted">Wrong results delivered with one of them as the delivering attempt.</param>
/// <param name="MeanExecutionsToQuarantine">Executions (jobs, replicas, canaries) a vehicle ran before its quarantine, mean.</param>
/// <param name="P99ExecutionsToQuarantine">The same, 99th percentile.</param>
/// <param name="MeanJobsPerVehicleAtQuarantine">Fleet time of the quarantine, in customer jobs per vehicle since the start.</param>
public sealed record KindOutcome(
    ByzantineKind Kind,
    int Vehicles,
    int Quarantined,
    long WrongAccepted,
    double MeanExecutionsToQuarantine,
    double P99ExecutionsToQuarantine,
    double MeanJobsPerVehicleAtQuarantine);
