using System.Collections.Concurrent;
using System.Globalization;
using Optimus.Core.Billing;
using Optimus.Gateway.Api;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Enforces each customer key's money limits in memory, on the request path: spend per calendar month and a prepaid
/// customer's balance (the rates, requests and tokens per minute, are <see cref="KeyRateLimiter"/>'s). Spend is guarded by reservation: a request reserves the
/// most it could cost (its prompt and <c>max_tokens</c> at the model's price) before it runs and settles to the real
/// charge when it ends, so concurrent requests can never together spend past the limit or the balance.
/// </summary>
internal sealed class CustomerQuotas(TimeProvider time, KeyRing keys, IPrepaidBalances balances, ISpendHistory history, KeyRateLimiter rates)
{
    private readonly ConcurrentDictionary<string, KeyMeter> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CustomerPurse> _customers = new(StringComparer.Ordinal);

    /// <summary>
    /// Reserves <paramref name="maxCharge"/> nanodollars against the key's monthly spend limit and, for a prepaid
    /// customer, the balance; a 429 (<c>insufficient_quota</c>) when either would be exceeded.
    /// </summary>
    public async ValueTask<(Reservation? Reservation, ApiError? Error)> ReserveAsync(Caller caller, long maxCharge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentOutOfRangeException.ThrowIfNegative(maxCharge);
        var purse = await PurseOfAsync(caller.Subject, cancellationToken);
        KeyMeter? meter = null;
        if (caller.Key is { } key && key.Limits.SpendLimitNanoDollars > 0)
        {
            meter = MeterOf(key);
            var period = BillingPeriod.Of(time.GetUtcNow());
            lock (meter)
            {
                if (meter.Period != period)
                {
                    meter.Period = period;
                    meter.Spent = history.SpentBy(key.Name, period);
                }

                if (meter.Spent + meter.Reserved + maxCharge > key.Limits.SpendLimitNanoDollars)
                {
                    var wait = period.End - time.GetUtcNow();
                    return (null, new ApiError(StatusCodes.Status429TooManyRequests,
                        string.Create(CultureInfo.InvariantCulture,
                            $"Key '{key.Name}' has reached its spend limit of ${key.Limits.SpendLimitNanoDollars / 1e9:0.######} for {period} (spent ${meter.Spent / 1e9:0.######}; this request could cost up to ${maxCharge / 1e9:0.######})."),
                        "insufficient_quota", null, "insufficient_quota", (int)Math.Ceiling(wait.TotalSeconds)));
                }

                meter.Reserved += maxCharge;
            }
        }

        if (purse.Prepaid)
        {
            lock (purse)
            {
                if (purse.Available < maxCharge)
                {
                    if (meter is not null)
                    {
                        lock (meter)
                        {
                            meter.Reserved -= maxCharge;
                        }
                    }

                    return (null, new ApiError(StatusCodes.Status429TooManyRequests,
                        string.Create(CultureInfo.InvariantCulture,
                            $"The prepaid balance of '{caller.Subject}' (${purse.Available / 1e9:0.######} available) cannot cover this request (up to ${maxCharge / 1e9:0.######}). Add credit, or lower max_tokens."),
                        "insufficient_quota", null, "insufficient_quota"));
                }

                purse.Available -= maxCharge;
            }
        }

        return (new Reservation(meter, purse, maxCharge), null);
    }

    /// <summary>Ends a reservation: the real <paramref name="charge"/> replaces the reserved maximum.</summary>
    public static void Settle(Reservation reservation, long charge)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (!reservation.TrySettle())
        {
            return;
        }

        if (reservation.Meter is { } meter)
        {
            lock (meter)
            {
                meter.Reserved -= reservation.MaxCharge;
                meter.Spent += charge;
            }
        }

        var purse = reservation.Purse;
        if (purse.Prepaid)
        {
            lock (purse)
            {
                purse.Available += reservation.MaxCharge - charge;
            }
        }
    }

    /// <summary>Counts <paramref name="tokens"/> against the key's tokens per minute, once the request has ended.</summary>
    public void CountTokens(Caller caller, long tokens) => rates.ChargeTokens(caller, tokens);

    /// <summary>Adds credit to a prepaid customer's in-memory balance (after the ledger posted it).</summary>
    public void Credit(string customer, long amount)
    {
        if (_customers.TryGetValue(customer, out var purse))
        {
            lock (purse)
            {
                purse.Available += amount;
            }
        }
    }

    private KeyMeter MeterOf(ApiKey key) =>
        _keys.GetOrAdd(key.Name, static _ => new KeyMeter());

    private async ValueTask<CustomerPurse> PurseOfAsync(string customer, CancellationToken cancellationToken)
    {
        if (_customers.TryGetValue(customer, out var purse))
        {
            return purse;
        }

        var prepaid = keys.Store.BillingOf(customer) == Billing.Prepaid;
        var available = prepaid ? await balances.AvailableAsync(customer, cancellationToken) : 0;
        return _customers.GetOrAdd(customer, new CustomerPurse(prepaid) { Available = available });
    }

    internal sealed class KeyMeter
    {
        public BillingPeriod? Period { get; set; }

        public long Spent { get; set; }

        public long Reserved { get; set; }
    }

    internal sealed class CustomerPurse(bool prepaid)
    {
        public bool Prepaid { get; } = prepaid;

        public long Available { get; set; }
    }

    /// <summary>An admitted request's hold on spend; settled exactly once.</summary>
    internal sealed class Reservation(KeyMeter? meter, CustomerPurse purse, long maxCharge)
    {
        private int _settled;

        internal KeyMeter? Meter { get; } = meter;

        internal CustomerPurse Purse { get; } = purse;

        public long MaxCharge { get; } = maxCharge;

        internal bool TrySettle() => Interlocked.Exchange(ref _settled, 1) == 0;
    }
}

/// <summary>A prepaid customer's balance as the ledger holds it, less charges not yet posted.</summary>
internal interface IPrepaidBalances
{
    ValueTask<long> AvailableAsync(string customer, CancellationToken cancellationToken);
}

/// <summary>What a key has been charged in a period, from the usage records.</summary>
internal interface ISpendHistory
{
    long SpentBy(string keyName, BillingPeriod period);
}
