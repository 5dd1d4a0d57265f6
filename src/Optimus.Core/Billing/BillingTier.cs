namespace Optimus.Core.Billing;

/// <summary>How quickly a customer asked for an answer, which decides the price they pay for it.</summary>
public enum BillingTier
{
    /// <summary>Answered as soon as a vehicle can take it; full price.</summary>
    Interactive,

    /// <summary>Answered whenever the fleet has spare capacity; discounted by <see cref="PriceList.BatchDiscountBasisPoints"/>.</summary>
    Batch,
}
