using Optimus.Core.Vehicles;
using Optimus.Gateway;

namespace Optimus.Cli.Up;

/// <summary>Everything `optimus up` runs: the coordinator, and simulated vehicles that connect to it over gRPC.</summary>
internal sealed record UpOptions
{
    public GatewayOptions Gateway { get; init; } = new();

    /// <summary>Ids of the simulated vehicles are this, a dash and a number (gateways of one cluster need different prefixes).</summary>
    public string VehiclePrefix { get; init; } = "sim";

    /// <summary>Simulated vehicles to start in this process (0: gateway only).</summary>
    public int Vehicles { get; init; } = 4;

    /// <summary>GGUF path for the vehicles' model; null uses the default model.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Use the zero-cost echo backend instead of a model (for overhead benchmarks).</summary>
    public bool Echo { get; init; }

    public HardwareProfile Profile { get; init; } = HardwareProfiles.Default;

    /// <summary>CPU threads per die context.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Simulated vehicles live daily routines (commutes, overnight home charging) on a clock this many times faster than
    /// real time; 0 keeps them parked and charging, always available.
    /// </summary>
    public double TimeScale { get; init; }

    /// <summary>Decode no faster than this many tokens/s per die (0: as fast as the CPU allows).</summary>
    public double EmulateTokensPerSecond { get; init; }

    /// <summary>Context length per die; 0 uses the model's trained context.</summary>
    public int ContextLength { get; init; }
}
