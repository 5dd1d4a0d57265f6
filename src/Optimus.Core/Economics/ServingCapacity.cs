namespace Optimus.Core.Economics;

/// <summary>What one vehicle can serve of one model, from <see cref="DevicePerformance.Evaluate"/>.</summary>
/// <param name="SlotsPerDie">Concurrent streams per die (the batch size), 0 when the model does not fit.</param>
/// <param name="Batch1TokensPerSecond">Decode speed of a single stream alone on a die (the bandwidth bound).</param>
/// <param name="StreamTokensPerSecond">Decode speed of each stream when all slots of a die are busy.</param>
/// <param name="DieTokensPerSecond">A die's aggregate decode throughput with every slot busy.</param>
/// <param name="VehicleTokensPerSecond">All dies together.</param>
/// <param name="PrefillTokensPerSecond">Prompt tokens a die processes per second (compute-bound).</param>
/// <param name="Dies">Dies per vehicle.</param>
public readonly record struct ServingCapacity(
    int SlotsPerDie,
    double Batch1TokensPerSecond,
    double StreamTokensPerSecond,
    double DieTokensPerSecond,
    double VehicleTokensPerSecond,
    double PrefillTokensPerSecond,
    int Dies)
{
    /// <summary>Concurrent streams per vehicle.</summary>
    public int Slots => SlotsPerDie * Dies;
}
