namespace Optimus.Simulator.Config;

/// <summary>
/// Demand: interactive requests on a daily curve in each region's local time, batch jobs with deadlines, token lengths,
/// and the edge/cloud split. Demand scales with the fleet (requests per vehicle per day), so that capacity and demand
/// grow together; the figures are assumptions to be replaced by real traffic.
/// </summary>
public sealed record WorkloadConfig
{
    /// <summary>Interactive requests per fleet vehicle per day (all vehicles, opted in or not).</summary>
    public double InteractiveRequestsPerVehicleDay { get; init; } = 1000;

    /// <summary>Relative interactive demand by local hour 0–23: low overnight, peak in working hours (assumption).</summary>
    public IReadOnlyList<double> InteractiveCurve { get; init; } =
        [0.3, 0.2, 0.15, 0.15, 0.2, 0.3, 0.5, 0.8, 1.1, 1.3, 1.4, 1.4, 1.3, 1.4, 1.4, 1.4, 1.3, 1.2, 1.1, 1.1, 1.0, 0.9, 0.7, 0.5];

    /// <summary>Batch requests per fleet vehicle per day, arriving uniformly in jobs.</summary>
    public double BatchRequestsPerVehicleDay { get; init; } = 2000;

    /// <summary>
    /// Real requests per batch job (OpenAI allows up to 50,000 per batch file; assumption). A job is this divided by
    /// the sampling factor in simulated requests, so that its burst meets the serving sample as it would the fleet.
    /// </summary>
    public int BatchJobRequests { get; init; } = 10_000;

    /// <summary>Completion window: OpenAI's Batch API offers 24 h. Work left at the deadline goes to the cloud tier.</summary>
    public double BatchDeadlineHours { get; init; } = 24;

    /// <summary>Batch work takes a slot only while more than this share of the fleet's free slots stays free for interactive work.</summary>
    public double BatchReserveShare { get; init; } = 0.1;

    /// <summary>Prompt tokens: log-normal, median 400 (assumption; chat prompts carry history).</summary>
    public LengthDistribution PromptTokens { get; init; } = new(LengthDistribution.LogNormal, 400, 1.0, 16, 2500);

    /// <summary>Answer tokens: log-normal, median 250 (assumption).</summary>
    public LengthDistribution OutputTokens { get; init; } = new(LengthDistribution.LogNormal, 250, 0.8, 1, 1500);

    /// <summary>Share of interactive requests the router sends to the cloud model (its calibrated target, issue 4).</summary>
    public double CloudShare { get; init; } = 0.2;

    /// <summary>Whether a cloud tier exists: without it, saturation and expired batch work are rejected.</summary>
    public bool CloudEnabled { get; init; } = true;

    /// <summary>Longest an interactive request waits for a vehicle before it spills to the cloud (or is rejected).</summary>
    public double MaxQueueWaitSeconds { get; init; } = 2.0;

    /// <summary>Most interactive requests waiting (simulated); beyond it arrivals spill at once.</summary>
    public int MaxQueueLength { get; init; } = 1_000_000;

    /// <summary>Round trip to a vehicle: LTE 31–66 ms (#21), home broadband 14 ms (#22); parked cars mostly on Wi-Fi.</summary>
    public double NetworkRttMs { get; init; } = 40;

    /// <summary>Cloud model's time to first token (assumption).</summary>
    public double CloudTtftMs { get; init; } = 500;

    /// <summary>Cloud model's decode speed per stream (assumption).</summary>
    public double CloudTokensPerSecond { get; init; } = 100;

    /// <summary>Continuations after departures before a request goes to the cloud (issue 3: bounded attempts).</summary>
    public int MaxFailovers { get; init; } = 3;
}
