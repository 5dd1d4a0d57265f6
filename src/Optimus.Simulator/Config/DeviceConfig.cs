using Optimus.Core.Economics;

namespace Optimus.Simulator.Config;

/// <summary>The model the edge serves and how fast each hardware profile serves it (Core's DevicePerformance).</summary>
public sealed record DeviceConfig
{
    /// <summary>Llama-3.1-8B at int4, ≈4.6 GB (the derived starting points of parameters.md).</summary>
    public QuantisedModel Model { get; init; } = QuantisedModel.Llama31With8BAtInt4;

    /// <summary>η 0.6 (#34: 0.45–0.8), batch gain 3 at batch 8 (#35), 8 streams per die, 4,096 context per stream.</summary>
    public ServingAssumptions Serving { get; init; } = ServingAssumptions.Default;

    /// <summary>The car's draw besides its computer while awake to serve: ≈280 W whole car (#7) less ≈130 W computer (#6).</summary>
    public double AwakeOverheadWatts { get; init; } = 150;

    public IReadOnlyList<HardwareProfileConfig> Profiles { get; init; } = HardwareProfileConfig.Defaults;

    /// <summary>When set, every profile gets this memory per die (the sweep's "memory per die").</summary>
    public double? MemoryPerDieGiBOverride { get; init; }
}
