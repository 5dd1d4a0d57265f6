namespace Optimus.Core.Billing;

/// <summary>
/// Where one customer charge goes, in nanodollars: <see cref="Energy"/> reimburses the owner's electricity,
/// <see cref="Owner"/> is the owner's share of what remains and <see cref="Platform"/> the rest. The three are
/// non-negative and sum to the charge.
/// </summary>
public readonly record struct ChargeSplit(long Owner, long Energy, long Platform)
{
    /// <summary>Everything the owner receives: their share plus the energy reimbursement.</summary>
    public long OwnerTotal => Owner + Energy;

    /// <summary>The charge that was split.</summary>
    public long Total => Owner + Energy + Platform;
}
