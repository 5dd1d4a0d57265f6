namespace Optimus.Simulator.Config;

/// <summary>The size, length and seed of one run, and its sampling factor.</summary>
/// <param name="Vehicles">Vehicles in the simulated fleet (private cars and robotaxis).</param>
/// <param name="Days">Simulated days after the start.</param>
/// <param name="Seed">Root seed: the same seed and config give byte-identical CSV.</param>
/// <param name="SamplingFactor">k: one simulated request stands for k real ones, and one vehicle in k serves them
/// (so the load per serving vehicle equals the full fleet's); every vehicle's availability is simulated.</param>
public sealed record RunSettings(int Vehicles, double Days, int Seed, int SamplingFactor)
{
    /// <summary>The serving sample the automatic sampling factor aims for.</summary>
    public const int ServingSampleTarget = 2000;

    /// <summary>The automatic factor: about <see cref="ServingSampleTarget"/> serving vehicles whatever the fleet size.</summary>
    public static int AutoSamplingFactor(int vehicles) => Math.Max(1, vehicles / ServingSampleTarget);

    public static RunSettings Create(int vehicles, double days, int seed, int? samplingFactor = null) =>
        new(vehicles, days, seed, samplingFactor ?? AutoSamplingFactor(vehicles));
}
