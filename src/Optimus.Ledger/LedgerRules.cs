namespace Optimus.Ledger;

/// <summary>
/// The pure rules of the ledger: what an account or transfer may be on its own, and what a transfer may do given the
/// two accounts' current balances. No I/O, so a store, a simulator or a test can apply exactly the same rules.
/// </summary>
public static class LedgerRules
{
    private const AccountFlags KnownFlags = AccountFlags.DebitsMustNotExceedCredits | AccountFlags.CreditsMustNotExceedDebits;

    /// <summary>Checks an account's own fields; <see cref="CreateAccountResult.Ok"/> when it may be created.</summary>
    public static CreateAccountResult ValidateAccount(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.Id == UInt128.Zero)
        {
            return CreateAccountResult.IdMustNotBeZero;
        }
        if ((account.Flags & ~KnownFlags) != 0)
        {
            return CreateAccountResult.ReservedFlag;
        }
        if (account.Flags == KnownFlags)
        {
            return CreateAccountResult.FlagsAreMutuallyExclusive;
        }
        return account.Ledger == 0 ? CreateAccountResult.LedgerMustNotBeZero : CreateAccountResult.Ok;
    }

    /// <summary>Checks a transfer's own fields, before any account is read.</summary>
    public static CreateTransferResult ValidateTransfer(Transfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.Id == UInt128.Zero)
        {
            return CreateTransferResult.IdMustNotBeZero;
        }
        if (transfer.DebitAccountId == transfer.CreditAccountId)
        {
            return CreateTransferResult.AccountsMustBeDifferent;
        }
        if (transfer.Amount == 0)
        {
            return CreateTransferResult.AmountMustNotBeZero;
        }
        if (transfer.Amount < 0)
        {
            return CreateTransferResult.AmountMustNotBeNegative;
        }
        return transfer.Ledger == 0 ? CreateTransferResult.LedgerMustNotBeZero : CreateTransferResult.Ok;
    }

    /// <summary>
    /// Checks a statically valid transfer against the accounts it names, as they are now (null: not found).
    /// <see cref="CreateTransferResult.Ok"/> means posting it keeps every account within its limits.
    /// </summary>
    public static CreateTransferResult CheckBalances(Transfer transfer, Account? debit, Account? credit)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (debit is null)
        {
            return CreateTransferResult.DebitAccountNotFound;
        }
        if (credit is null)
        {
            return CreateTransferResult.CreditAccountNotFound;
        }
        if (debit.Ledger != credit.Ledger)
        {
            return CreateTransferResult.AccountsMustHaveTheSameLedger;
        }
        if (transfer.Ledger != debit.Ledger)
        {
            return CreateTransferResult.TransferMustHaveTheSameLedgerAsAccounts;
        }
        if (debit.DebitsPosted > long.MaxValue - transfer.Amount)
        {
            return CreateTransferResult.OverflowsDebits;
        }
        if (credit.CreditsPosted > long.MaxValue - transfer.Amount)
        {
            return CreateTransferResult.OverflowsCredits;
        }
        if (debit.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits) && debit.DebitsPosted + transfer.Amount > debit.CreditsPosted)
        {
            return CreateTransferResult.ExceedsCredits;
        }
        if (credit.Flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits) && credit.CreditsPosted + transfer.Amount > credit.DebitsPosted)
        {
            return CreateTransferResult.ExceedsDebits;
        }
        return CreateTransferResult.Ok;
    }
}
