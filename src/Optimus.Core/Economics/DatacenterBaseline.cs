namespace Optimus.Core.Economics;

/// <summary>
/// What the same tokens cost from GPUs: rented H100s, or an owned datacenter at an all-in cost per gigawatt-year of
/// which a share is paid to NVIDIA. Defaults from ../shared/data/fleet/parameters.md.
/// </summary>
/// <param name="H100TokensPerSecond">An H100 serving an 8B model: 5,777 tok/s offline (MLPerf v5.1, vLLM FP8, #33).</param>
/// <param name="RentalDollarsPerGpuHour">H100 rental: specialty clouds $2.50–3.50, hyperscalers $3.50–5.00 (#28).</param>
/// <param name="DollarsPerGwYear">All-in cost of a gigawatt of AI datacentre per year: ≈$10B (#32).</param>
/// <param name="GpusPerGw">GPUs a gigawatt powers: ≈750,000 (#32).</param>
/// <param name="NvidiaShare">Share of that cost paid to NVIDIA: the seed's framing, ≈75%.</param>
/// <param name="NvidiaGrossMargin">NVIDIA's gross margin on it: 72–74% (#30).</param>
/// <param name="Utilisation">Share of peak throughput a datacenter GPU sells on average (an assumption).</param>
public sealed record DatacenterBaseline(
    double H100TokensPerSecond = 5777,
    double RentalDollarsPerGpuHour = 3.00,
    double DollarsPerGwYear = 10e9,
    double GpusPerGw = 750_000,
    double NvidiaShare = 0.75,
    double NvidiaGrossMargin = 0.73,
    double Utilisation = 0.7)
{
    public const double HoursPerYear = 8760;

    public static DatacenterBaseline Default { get; } = new();

    /// <summary>≈$1.5 per GPU-hour all-in at the defaults.</summary>
    public double OwnedDollarsPerGpuHour => DollarsPerGwYear / (GpusPerGw * HoursPerYear);

    /// <summary>The owned cost were NVIDIA's share sold at cost: the margin the fleet avoids.</summary>
    public double OwnedWithoutNvidiaMarginDollarsPerGpuHour => OwnedDollarsPerGpuHour * (1 - (NvidiaShare * NvidiaGrossMargin));

    public double NvidiaDollarsPerGwYear => DollarsPerGwYear * NvidiaShare;

    public double RentalPerMillionTokens => TokenCost.PerMillionTokens(RentalDollarsPerGpuHour, H100TokensPerSecond, Utilisation);

    public double OwnedPerMillionTokens => TokenCost.PerMillionTokens(OwnedDollarsPerGpuHour, H100TokensPerSecond, Utilisation);

    public double OwnedWithoutNvidiaMarginPerMillionTokens =>
        TokenCost.PerMillionTokens(OwnedWithoutNvidiaMarginDollarsPerGpuHour, H100TokensPerSecond, Utilisation);
}
