namespace Optimus.Core.Economics;

/// <summary>
/// The simulator's rule for splitting a customer's charge between the vehicle's owner and the platform, in whole
/// nanodollars so the two parts always add up to the charge. It is the simulator's until the ledger issue's Pricing and
/// Payouts land in Core; then the simulator switches to those and this type goes. Energy is reimbursed to the owner
/// separately, at their tariff, out of the platform's part.
/// </summary>
/// <param name="OwnerShareBasisPoints">The owner's share of each charge, in basis points (5000 = 50%).</param>
public sealed record SimulatorRevenueSplit(int OwnerShareBasisPoints)
{
    public const int FullShare = 10_000;

    /// <summary>Splits <paramref name="chargeNanoDollars"/>: the owner's part rounds down, the platform takes the rest.</summary>
    public RevenueSplitResult Split(long chargeNanoDollars)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chargeNanoDollars);
        var owner = (long)(chargeNanoDollars * (Int128)OwnerShareBasisPoints / FullShare);
        return new RevenueSplitResult(owner, chargeNanoDollars - owner);
    }

    public static SimulatorRevenueSplit FromShare(double ownerShare)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ownerShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ownerShare, 1.0);
        return new SimulatorRevenueSplit((int)Math.Round(ownerShare * FullShare, MidpointRounding.AwayFromZero));
    }
}
