using Optimus.Core.Economics;

namespace Optimus.Core.Billing;

/// <summary>
/// What each payout form is worth in nanodollars. Owners are paid only in whole units (cents, months, kWh, credits);
/// whatever does not make a whole unit stays in their earnings account for next time.
/// </summary>
/// <param name="FsdMonthNanoDollars">One month of FSD (Supervised): $99 (parameters.md row 27).</param>
/// <param name="SuperchargingNanoDollarsPerKWh">One kWh of Supercharging: $0.40, the middle of $0.28–0.55 (row 26).</param>
/// <param name="RobotaxiCreditNanoDollars">One robotaxi ride credit: $1.</param>
/// <param name="CashMinimumNanoDollars">The smallest cash payout: $1; below it nothing is paid in cash.</param>
public sealed record PayoutRates(
    long FsdMonthNanoDollars = 99 * NanoDollars.PerDollar,
    long SuperchargingNanoDollarsPerKWh = 400_000_000,
    long RobotaxiCreditNanoDollars = NanoDollars.PerDollar,
    long CashMinimumNanoDollars = NanoDollars.PerDollar)
{
    /// <summary>Nanodollars in one cent, the unit of cash payouts.</summary>
    public const long NanoDollarsPerCent = NanoDollars.PerDollar / 100;

    /// <summary>The rates above.</summary>
    public static PayoutRates Default { get; } = new();

    /// <summary>
    /// The largest whole-unit payout in <paramref name="form"/> that <paramref name="availableNanoDollars"/> covers.
    /// Cash pays whole cents, and nothing when that comes to less than <see cref="CashMinimumNanoDollars"/>.
    /// </summary>
    public PayoutQuote Quote(PayoutForm form, long availableNanoDollars)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(availableNanoDollars);
        var unitPrice = form switch
        {
            PayoutForm.Cash => NanoDollarsPerCent,
            PayoutForm.FsdMonths => FsdMonthNanoDollars,
            PayoutForm.SuperchargingKWh => SuperchargingNanoDollarsPerKWh,
            PayoutForm.RobotaxiCredits => RobotaxiCreditNanoDollars,
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown payout form."),
        };
        if (unitPrice <= 0)
        {
            throw new InvalidOperationException($"The {form} payout rate must be positive, not {unitPrice} nanodollars.");
        }

        if (CashMinimumNanoDollars < 0)
        {
            throw new InvalidOperationException($"The cash minimum must not be negative, not {CashMinimumNanoDollars} nanodollars.");
        }

        var units = availableNanoDollars / unitPrice;
        var amount = units * unitPrice;
        if (form == PayoutForm.Cash && amount < CashMinimumNanoDollars)
        {
            units = 0;
            amount = 0;
        }

        return new PayoutQuote(form, units, amount, availableNanoDollars - amount);
    }
}
