namespace Optimus.Core.Billing;

/// <summary>
/// What an owner would receive for a payout: <see cref="Units"/> of <see cref="Form"/> (cents for cash, months, whole
/// kWh or credits), worth <see cref="AmountNanoDollars"/>, with <see cref="RemainderNanoDollars"/> left in the
/// earnings account. Amount plus remainder is the balance quoted against.
/// </summary>
public readonly record struct PayoutQuote(PayoutForm Form, long Units, long AmountNanoDollars, long RemainderNanoDollars);
