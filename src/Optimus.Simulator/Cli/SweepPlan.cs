using System.Globalization;
using Optimus.Simulator.Config;

namespace Optimus.Simulator.Cli;

/// <summary>
/// The one-at-a-time sweep of issue 7: tokens/s per car (through η, 0.45–0.8, #34), memory per die (8 and 16 GB, #4),
/// electricity price ($0.08–0.33/kWh, #24) and the opt-in rate (10–50%, an assumption's plausible span).
/// Each variant changes one parameter of the base config and keeps the seed (common random numbers).
/// </summary>
internal static class SweepPlan
{
    public static IReadOnlyList<SweepVariant> Build(SimulationConfig baseConfig)
    {
        ArgumentNullException.ThrowIfNull(baseConfig);
        var serving = baseConfig.Device.Serving;
        return
        [
            new("base", "base", "base", baseConfig),
            Eta(baseConfig, "low", 0.45),
            Eta(baseConfig, "high", 0.8),
            new("memory per die", "low", "8 GiB", baseConfig with { Device = baseConfig.Device with { MemoryPerDieGiBOverride = 8 } }),
            new("memory per die", "high", "16 GiB", baseConfig with { Device = baseConfig.Device with { MemoryPerDieGiBOverride = 16 } }),
            Price(baseConfig, "low", 0.08),
            Price(baseConfig, "high", 0.33),
            OptIn(baseConfig, "low", 0.10),
            OptIn(baseConfig, "high", 0.50),
        ];

        static SweepVariant Eta(SimulationConfig c, string side, double eta) =>
            new("tokens/s per car", side, Invariant($"eta {eta:0.00}"),
                c with { Device = c.Device with { Serving = c.Device.Serving with { BandwidthEfficiency = eta } } });

        static SweepVariant Price(SimulationConfig c, string side, double price) =>
            new("electricity price", side, Invariant($"${price:0.00}/kWh"), c with { Economics = c.Economics with { ElectricityDollarsPerKWhOverride = price } });

        static SweepVariant OptIn(SimulationConfig c, string side, double rate) =>
            new("opt-in rate", side, Invariant($"{rate:P0}"), c with { Fleet = c.Fleet with { OptInRate = rate } });
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
