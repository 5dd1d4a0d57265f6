namespace Optimus.Simulator.Metrics;

/// <summary>Events counted per hour (in simulated requests; the report multiplies by the sampling factor).</summary>
internal enum Counter
{
    InteractiveArrivals = 0,
    BatchRequests = 1,
    EdgeCompleted = 2,
    BatchEdgeCompleted = 3,

    /// <summary>Sent to the cloud model by the router.</summary>
    CloudRouted = 4,

    /// <summary>Waited longer than the queue allows and spilled to the cloud.</summary>
    CloudSpilled = 5,

    /// <summary>Batch work not started by its deadline (or the horizon), finished in the cloud.</summary>
    CloudBatch = 6,

    /// <summary>Moved too many times after departures and finished in the cloud.</summary>
    CloudFailover = 7,

    Rejected = 8,

    /// <summary>Running requests moved to another vehicle when theirs left.</summary>
    Failovers = 9,
}
