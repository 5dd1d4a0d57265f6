namespace Optimus.Core.Billing;

/// <summary>
/// How a customer's charge for a job is divided between the vehicle's owner and the platform. The owner's electricity
/// is reimbursed first, capped at the charge (an owner never receives more than the customer paid for the job); the
/// owner then takes <see cref="OwnerShareBasisPoints"/> of what remains, rounded down; the platform keeps the rest.
/// </summary>
public sealed record RevenueSplit
{
    /// <summary>Basis points in a whole (10,000 = 100%).</summary>
    public const int FullShare = 10_000;

    /// <param name="ownerShareBasisPoints">The owner's share after energy, 0..10,000 (7000 = 70%).</param>
    public RevenueSplit(int ownerShareBasisPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ownerShareBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ownerShareBasisPoints, FullShare);
        OwnerShareBasisPoints = ownerShareBasisPoints;
    }

    /// <summary>The owner takes 70% of each charge after energy.</summary>
    public static RevenueSplit Default { get; } = new(7_000);

    public int OwnerShareBasisPoints { get; }

    /// <summary>Splits <paramref name="charge"/>, reimbursing up to <paramref name="energyCost"/> first; all in nanodollars.</summary>
    public ChargeSplit Split(long charge, long energyCost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(charge);
        ArgumentOutOfRangeException.ThrowIfNegative(energyCost);
        var energy = Math.Min(charge, energyCost);
        var remaining = charge - energy;
        var owner = (long)((Int128)remaining * OwnerShareBasisPoints / FullShare);
        return new ChargeSplit(owner, energy, remaining - owner);
    }
}
