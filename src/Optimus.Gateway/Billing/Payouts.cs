using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Ledger;

namespace Optimus.Gateway.Billing;

/// <summary>
/// Pays owners their earnings in batches. A batch pays each owner with a positive earnings balance the largest whole
/// number of units of their payout form that the balance covers (<see cref="PayoutRates.Quote"/>): one ledger transfer
/// from their earnings account to the payout account of that form, with an id derived from the batch id and the owner,
/// recorded in <c>payouts</c>. What does not make a whole unit (or the $1 cash minimum) stays in their earnings.
/// </summary>
/// <remarks>
/// Running a batch id again pays nothing twice and answers the same payouts: the ledger refuses a second transfer with
/// the same id, an owner already paid in the batch is not quoted again, and a completed batch pays nobody new (an owner
/// who earned since waits for the next batch). A run interrupted between the ledger and the record is finished by the
/// next run of the same id, which reads the posted transfer back from the ledger and records it.
/// </remarks>
public sealed class Payouts(ILedgerStore ledger, OwnerStore owners, PayoutRates? rates = null)
{
    private readonly PayoutRates _rates = rates ?? PayoutRates.Default;

    /// <summary>Runs (or re-runs) batch <paramref name="batchId"/>; see the type's remarks.</summary>
    /// <exception cref="AccountsException">The batch id is not valid.</exception>
    public async Task<PayoutBatch> CreateBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchId);
        var (started, completed) = owners.BeginBatch(batchId);
        var failures = new List<string>();
        if (completed is null)
        {
            var recorded = owners.PayoutsOf(batchId).Select(p => p.Owner).ToHashSet(StringComparer.Ordinal);
            foreach (var owner in owners.List().Where(o => !recorded.Contains(o.Name)))
            {
                if (await PayAsync(batchId, owner, cancellationToken) is { } failure)
                {
                    failures.Add(failure);
                }
            }

            completed = failures.Count == 0 ? owners.CompleteBatch(batchId) : null;
        }

        return new PayoutBatch(batchId, started, completed, owners.PayoutsOf(batchId), failures);
    }

    // Pays one owner in the batch; returns why it could not, or null.
    private async Task<string?> PayAsync(string batchId, OwnerAccount owner, CancellationToken cancellationToken)
    {
        var id = LedgerAccounts.TransferId("payout", $"{batchId}/{owner.Name}");
        var found = await ledger.GetTransfersAsync([id], cancellationToken);
        var posted = found.Count > 0 ? found[0] : null;
        if (posted is null)
        {
            var earnings = LedgerAccounts.OwnerAccount(owner.Name);
            var accounts = await ledger.GetAccountsAsync([earnings.Id], cancellationToken);
            var quote = _rates.Quote(owner.PayoutForm, accounts.Count == 0 ? 0 : Math.Max(0, LedgerAccounts.Balance(accounts[0])));
            if (quote.Units == 0)
            {
                return null;
            }

            var payoutAccount = PayoutAccount(owner.PayoutForm);
            await ledger.CreateAccountsAsync([payoutAccount], cancellationToken);
            var transfer = new Transfer(id, earnings.Id, payoutAccount.Id, quote.AmountNanoDollars, LedgerAccounts.Usd, LedgerAccounts.PayoutCode,
                LedgerAccounts.TransferId("payout-batch", batchId));
            var result = (await ledger.CreateTransfersAsync([transfer], cancellationToken))[0];
            if (result is not (CreateTransferResult.Ok or CreateTransferResult.Exists or CreateTransferResult.ExistsWithDifferentFields))
            {
                return $"{owner.Name}: the ledger refused the payout ({result}); run the batch again to retry.";
            }

            // Another run of this batch may have posted first, for another amount: what the ledger holds is what was paid.
            posted = result == CreateTransferResult.ExistsWithDifferentFields ? (await ledger.GetTransfersAsync([id], cancellationToken))[0] : transfer;
        }

        var form = Enum.GetValues<PayoutForm>().First(f => PayoutAccount(f).Id == posted.CreditAccountId);
        owners.RecordPayout(batchId, new PayoutLine(owner.Name, form, _rates.Quote(form, posted.Amount).Units, posted.Amount));
        return null;
    }

    private static Account PayoutAccount(PayoutForm form) => LedgerAccounts.PayoutAccount(PayoutForms.Name(form));
}

/// <summary>
/// A payout batch: when it was first run, when it completed (null while some owner's payout failed; run it again), the
/// payouts it made (by owner) and, for this run, what failed.
/// </summary>
public sealed record PayoutBatch(string Id, DateTimeOffset Started, DateTimeOffset? Completed, IReadOnlyList<PayoutLine> Payouts, IReadOnlyList<string> Failures)
{
    public long TotalNanoDollars => Payouts.Sum(p => p.AmountNanoDollars);
}
