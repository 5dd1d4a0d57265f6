using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Storage;

namespace Optimus.Gateway.Billing;

/// <summary>
/// One request's bill while it runs: who pays, the spend it reserved, and the charges of the records it produced (an
/// escalated <c>optimus-auto</c> request produces two records, of which only the cloud's is billed). Settled once,
/// when the request ends.
/// </summary>
internal sealed class RequestBill(Metering metering, Caller caller, BillingTier tier, CustomerQuotas.Reservation? reservation)
{
    private long _charged;
    private long _tokens;

    public Caller Caller => caller;

    /// <summary>Prices <paramref name="record"/> with the bill of the request in <paramref name="context"/>, if it has one.</summary>
    public static JobRecord Charge(HttpContext context, JobRecord record, string pricedModel)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<RequestBill>() is { } bill ? bill.Charge(record, pricedModel) : record;
    }

    public BillingTier Tier => tier;

    /// <summary>Prices <paramref name="record"/> as answered by <paramref name="pricedModel"/> and stamps who pays.</summary>
    public JobRecord Charge(JobRecord record, string pricedModel)
    {
        ArgumentNullException.ThrowIfNull(record);
        var charge = record.Status == "served" ? metering.Prices.Charge(pricedModel, tier, record.PromptTokens, record.CompletionTokens) : 0;
        Interlocked.Add(ref _charged, charge);
        Interlocked.Add(ref _tokens, record.PromptTokens + record.CompletionTokens);
        return record with
        {
            Customer = caller.Subject,
            KeyName = caller.KeyName,
            Tier = tier == BillingTier.Batch ? "batch" : "interactive",
            ChargeNanoDollars = charge,
        };
    }

    /// <summary>Releases the reservation against the real charge and counts the tokens toward the per-minute limit.</summary>
    public void Settle()
    {
        if (reservation is not null)
        {
            CustomerQuotas.Settle(reservation, Interlocked.Read(ref _charged));
        }

        metering.Quotas.CountTokens(caller, Interlocked.Read(ref _tokens));
    }
}
