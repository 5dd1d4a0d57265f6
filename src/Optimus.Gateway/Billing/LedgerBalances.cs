using Optimus.Gateway.Accounts;
using Optimus.Gateway.Storage;
using Optimus.Ledger;

namespace Optimus.Gateway.Billing;

/// <summary>A prepaid customer's spendable balance: the ledger's balance less charges recorded but not yet posted.</summary>
internal sealed class LedgerBalances(ILedgerStore ledger, UsageStore usage) : IPrepaidBalances
{
    public async ValueTask<long> AvailableAsync(string customer, CancellationToken cancellationToken)
    {
        var accounts = await ledger.GetAccountsAsync([LedgerAccounts.Id("customer", customer)], cancellationToken);
        var balance = accounts.Count == 0 ? 0 : LedgerAccounts.Balance(accounts[0]);
        return balance - usage.UnpostedCharges(customer);
    }
}
