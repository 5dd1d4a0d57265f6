using Optimus.Core.Economics;
using Optimus.Simulator.Config;
using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Model;

/// <summary>Everything a run produced, in simulated units (the serving sample); the report scales by the sampling factor.</summary>
internal sealed class SimulationResult
{
    public required SimulationConfig Config { get; init; }

    public required RunSettings Run { get; init; }

    public required HourlySeries Series { get; init; }

    public required MobilityStats Mobility { get; init; }

    public required IReadOnlyList<ServerOutcome> Servers { get; init; }

    /// <summary>What each entry of the hardware mix serves (Core's DevicePerformance).</summary>
    public required IReadOnlyList<ServingCapacity> Capacities { get; init; }

    public required long Vehicles { get; init; }

    public required long Robotaxis { get; init; }

    public required long OptedIn { get; init; }

    public required long HomeAccess { get; init; }

    /// <summary>Events processed and Core availability evaluations made (work done, for the benchmark).</summary>
    public required long Events { get; init; }

    public required long Evaluations { get; init; }

    public required long DroppedEvents { get; init; }

    /// <summary>Mean wait from arrival to a vehicle, over interactive requests served at the edge.</summary>
    public required double MeanEdgeWaitSeconds { get; init; }

    public required long EdgeWaits { get; init; }

    /// <summary>Requests still queued or running when the run stopped (0 after a complete drain).</summary>
    public required long Unfinished { get; init; }

    /// <summary>Regions whose time zone the system did not know (their clock ran on UTC).</summary>
    public required IReadOnlyList<string> UnknownTimeZones { get; init; }

    public double Days => Run.Days;

    public int SamplingFactor => Run.SamplingFactor;

    public long Total(Counter counter) => Series.Total(counter);

    public long TotalReimbursementNano => Servers.Sum(s => s.ReimbursementNano);

    public long TotalEnergyUj => Servers.Sum(s => s.EnergyUj);
}
