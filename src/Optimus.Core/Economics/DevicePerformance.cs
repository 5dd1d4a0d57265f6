using Optimus.Core.Inference;
using Optimus.Core.Vehicles;

namespace Optimus.Core.Economics;

/// <summary>
/// Device performance from first principles. Decoding is memory-bound: every step reads all weights once, so one stream
/// decodes at about η·bandwidth / weight bytes tokens per second; batching streams shares that read and raises the
/// aggregate until compute binds, which <see cref="ServingAssumptions.BatchGainAt8"/> summarises. Prompt processing
/// is compute-bound: about 2 operations per parameter per token.
/// </summary>
public static class DevicePerformance
{
    /// <summary>The batch size at which the batching gain is quoted.</summary>
    public const int ReferenceBatch = 8;

    /// <summary>η·B/S: tokens per second of one stream, for bandwidth B (GB/s) and S bytes read per token.</summary>
    public static double Batch1TokensPerSecond(double bandwidthGBps, double efficiency, long bytesPerToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerToken);
        return efficiency * bandwidthGBps * 1e9 / bytesPerToken;
    }

    /// <summary>
    /// Aggregate decode throughput of <paramref name="batch"/> streams: T₁·b / (1 + c·(b − 1)), with c chosen so that
    /// the gain at <see cref="ReferenceBatch"/> equals <paramref name="gainAt8"/> (a saturating, Amdahl-like curve).
    /// </summary>
    public static double BatchedTokensPerSecond(double batch1TokensPerSecond, int batch, double gainAt8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gainAt8, 1.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gainAt8, ReferenceBatch);
        if (batch <= 0)
        {
            return 0;
        }

        var c = ((ReferenceBatch / gainAt8) - 1) / (ReferenceBatch - 1);
        return batch1TokensPerSecond * batch / (1 + (c * (batch - 1)));
    }

    /// <summary>
    /// The most streams (up to <paramref name="maxBatch"/>) whose weights, KV cache and compute buffers fit one die,
    /// by Core's <see cref="MemoryBudget"/>; 0 when not even one does.
    /// </summary>
    public static int SlotsPerDie(long dieBytes, ModelShape shape, int contextPerSlot, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var slots = 0;
        for (var b = 1; b <= maxBatch; b++)
        {
            if (!MemoryBudget.Fits(MemoryBudget.Estimate(shape, contextPerSlot * b), dieBytes))
            {
                break;
            }

            slots = b;
        }

        return slots;
    }

    /// <summary>Prompt tokens per second per die: INT8 TOPS × utilisation / (2 × parameters).</summary>
    public static double PrefillTokensPerSecond(double topsPerDie, double utilisation, double parametersBillions) =>
        topsPerDie * 1e12 * utilisation / (2 * parametersBillions * 1e9);

    /// <summary>Everything a vehicle of <paramref name="profile"/> serves of <paramref name="model"/>.</summary>
    public static ServingCapacity Evaluate(HardwareProfile profile, double topsPerDie, QuantisedModel model, ServingAssumptions assumptions)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(assumptions);
        var slots = SlotsPerDie(profile.MemoryPerDieBytes, model.ToShape(), assumptions.ContextPerSlot, assumptions.MaxBatchPerDie);
        var single = Batch1TokensPerSecond(profile.MemoryBandwidthGBps, assumptions.BandwidthEfficiency, model.WeightsBytes);
        var die = BatchedTokensPerSecond(single, slots, assumptions.BatchGainAt8);
        var stream = slots == 0 ? 0 : die / slots;
        var prefill = PrefillTokensPerSecond(topsPerDie, assumptions.PrefillUtilisation, model.ParametersBillions);
        return new ServingCapacity(slots, single, stream, die, die * profile.Dies, prefill, profile.Dies);
    }
}
