namespace Optimus.Ledger.Tests;

/// <summary>
/// An in-memory reference ledger built on the same pure <see cref="LedgerRules"/>: a store must answer every item
/// exactly as this model does and end with the same balances.
/// </summary>
internal sealed class LedgerModel
{
    private readonly Dictionary<UInt128, Account> _accounts = [];
    private readonly Dictionary<UInt128, Transfer> _transfers = [];

    public IReadOnlyDictionary<UInt128, Account> Accounts => _accounts;

    public void Add(Account account) => _accounts.Add(account.Id, account);

    public CreateTransferResult Apply(Transfer transfer)
    {
        var valid = LedgerRules.ValidateTransfer(transfer);
        if (valid != CreateTransferResult.Ok)
        {
            return valid;
        }
        if (_transfers.TryGetValue(transfer.Id, out var existing))
        {
            return existing.SameFieldsAs(transfer) ? CreateTransferResult.Exists : CreateTransferResult.ExistsWithDifferentFields;
        }
        var debit = _accounts.GetValueOrDefault(transfer.DebitAccountId);
        var credit = _accounts.GetValueOrDefault(transfer.CreditAccountId);
        var allowed = LedgerRules.CheckBalances(transfer, debit, credit);
        if (allowed != CreateTransferResult.Ok)
        {
            return allowed;
        }
        _transfers.Add(transfer.Id, transfer);
        _accounts[debit!.Id] = debit with { DebitsPosted = debit.DebitsPosted + transfer.Amount };
        _accounts[credit!.Id] = credit with { CreditsPosted = credit.CreditsPosted + transfer.Amount };
        return CreateTransferResult.Ok;
    }
}
