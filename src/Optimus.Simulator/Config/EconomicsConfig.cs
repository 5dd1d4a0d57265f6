using Optimus.Core.Economics;

namespace Optimus.Simulator.Config;

/// <summary>
/// Prices, the owners' share and the datacenter baselines. Prices are assumptions in line with hosted 8B-model and
/// frontier-model list prices; the baselines come from parameters.md (#28–#33) through Core's DatacenterBaseline.
/// </summary>
public sealed record EconomicsConfig
{
    public double EdgeInputDollarsPerMtok { get; init; } = 0.05;

    public double EdgeOutputDollarsPerMtok { get; init; } = 0.20;

    /// <summary>Batch work's discount on the edge and cloud prices (OpenAI's Batch API: 50%).</summary>
    public double BatchDiscount { get; init; } = 0.5;

    /// <summary>The cloud tier's price to customers (assumption).</summary>
    public double CloudInputDollarsPerMtok { get; init; } = 0.30;

    public double CloudOutputDollarsPerMtok { get; init; } = 1.50;

    /// <summary>Share of the cloud price paid to the upstream provider (assumption).</summary>
    public double CloudUpstreamShare { get; init; } = 0.8;

    /// <summary>The owner's share of each edge charge, besides energy reimbursed at their tariff (assumption).</summary>
    public double OwnerShare { get; init; } = 0.5;

    /// <summary>When set, every region's (and the depot's) electricity price (the sweep's "electricity price").</summary>
    public double? ElectricityDollarsPerKWhOverride { get; init; }

    public DatacenterBaseline Datacenter { get; init; } = DatacenterBaseline.Default;
}
