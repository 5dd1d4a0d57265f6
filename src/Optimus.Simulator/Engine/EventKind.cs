namespace Optimus.Simulator.Engine;

/// <summary>What an event does when its time comes.</summary>
internal enum EventKind : byte
{
    /// <summary>Hourly bookkeeping, queue expiry and the horizon.</summary>
    Tick = 0,

    /// <summary>A vehicle's next movement (target: vehicle, data: <see cref="Model.MobilityStep"/>).</summary>
    Mobility = 1,

    /// <summary>Re-evaluate a vehicle's availability when a policy boundary passes (data: recheck version).</summary>
    Recheck = 2,

    /// <summary>Next interactive request of a region (target: region).</summary>
    InteractiveArrival = 3,

    /// <summary>Next batch job of a region (target: region).</summary>
    BatchArrival = 4,

    /// <summary>A batch job's completion window ends (target: job).</summary>
    BatchDeadline = 5,

    /// <summary>A request finishes on its vehicle (target: request, data: its version, the fencing token).</summary>
    Completion = 6,
}
