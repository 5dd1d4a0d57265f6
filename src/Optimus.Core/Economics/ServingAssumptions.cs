namespace Optimus.Core.Economics;

/// <summary>
/// How well a die turns its memory bandwidth and compute into tokens. Every figure is an estimate with a range in
/// ../shared/data/fleet/parameters.md, so each is a parameter.
/// </summary>
/// <param name="BandwidthEfficiency">η: share of peak bandwidth that decoding achieves (0.45–0.8 on edge devices, #34).</param>
/// <param name="BatchGainAt8">Aggregate decode throughput at batch 8 over batch 1 (≈3 in the derived starting points;
/// Jetson Thor INT4 2.7, NVFP4 5.6, #35). Between 1 and 8.</param>
/// <param name="MaxBatchPerDie">Most concurrent streams a die runs, before the memory budget trims it.</param>
/// <param name="ContextPerSlot">Context tokens reserved per stream (prompt plus answer), sizing its KV cache.</param>
/// <param name="PrefillUtilisation">Share of peak INT8 compute that prompt processing achieves (compute-bound).</param>
public sealed record ServingAssumptions(
    double BandwidthEfficiency = 0.6,
    double BatchGainAt8 = 3.0,
    int MaxBatchPerDie = 8,
    int ContextPerSlot = 4096,
    double PrefillUtilisation = 0.25)
{
    public static ServingAssumptions Default { get; } = new();
}
