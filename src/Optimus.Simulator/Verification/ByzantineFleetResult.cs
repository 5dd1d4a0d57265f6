namespace Optimus.Simulator.Verification;

/// <summary>
/// The figures of one byzantine evaluation. Executions count every run of a job on a vehicle: primaries (retries
/// included), replicas, tie-breakers and canaries; device-seconds weigh each by the job's length.
/// </summary>
public sealed record ByzantineFleetResult
{
    public required ByzantineFleetConfig Config { get; init; }

    public long Jobs { get; init; }

    public long Accepted { get; init; }

    public long WrongAccepted { get; init; }

    /// <summary>Wrong results delivered and later flagged (their vehicle quarantined before its next passed canary).</summary>
    public long WrongFlaggedLater { get; init; }

    /// <summary>Delivered results flagged for audit at quarantines (Core's <c>DeliveredSinceCanary</c>, summed).</summary>
    public long SuspectResults { get; init; }

    public long Primaries { get; init; }

    public long Replicas { get; init; }

    public long TieBreakers { get; init; }

    public long Canaries { get; init; }

    /// <summary>Jobs run again elsewhere because their verdict delivered nothing.</summary>
    public long Retries { get; init; }

    /// <summary>Attempts judged invalid or inconclusive: never delivered, never paid.</summary>
    public long UnpaidAttempts { get; init; }

    /// <summary>Replicas wanted when none was eligible: a proven vehicle's result delivered on trust, an unproven one's run again.</summary>
    public long Unverifiable { get; init; }

    /// <summary>Jobs no vehicle was left to run.</summary>
    public long Undelivered { get; init; }

    public double DeviceSeconds { get; init; }

    /// <summary>Device-seconds of one execution of each accepted job: the work without verification.</summary>
    public double AcceptedDeviceSeconds { get; init; }

    public required IReadOnlyList<KindOutcome> Kinds { get; init; }

    public double WallSeconds { get; init; }

    public long Executions => Primaries + Replicas + TieBreakers + Canaries;

    /// <summary>Accepted wrong / accepted.</summary>
    public double WrongAcceptedShare => Accepted == 0 ? 0 : (double)WrongAccepted / Accepted;

    /// <summary>Wrong results delivered and never flagged, per accepted result.</summary>
    public double WrongNeverFlaggedShare => Accepted == 0 ? 0 : (double)(WrongAccepted - WrongFlaggedLater) / Accepted;

    /// <summary>Executions per accepted result.</summary>
    public double JobOverhead => Accepted == 0 ? double.NaN : (double)Executions / Accepted;

    /// <summary>Device-seconds per device-second of accepted work.</summary>
    public double DeviceSecondsOverhead => AcceptedDeviceSeconds == 0 ? double.NaN : DeviceSeconds / AcceptedDeviceSeconds;

    /// <summary>The cost of verification: extra device-seconds per accepted result.</summary>
    public double ExtraDeviceSecondsPerAccepted => Accepted == 0 ? double.NaN : (DeviceSeconds - AcceptedDeviceSeconds) / Accepted;

    public int HonestQuarantined => Kinds.Where(k => k.Kind == ByzantineKind.Honest).Sum(k => k.Quarantined);
}
