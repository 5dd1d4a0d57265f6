namespace Optimus.Ledger;

/// <summary>The outcome of one transfer in a <see cref="ILedgerStore.CreateTransfersAsync"/> batch.</summary>
public enum CreateTransferResult
{
    /// <summary>Posted: both balances changed.</summary>
    Ok = 0,

    /// <summary>A transfer with this id and the same fields already exists; nothing changed.</summary>
    Exists,

    /// <summary>A transfer with this id but different fields already exists; nothing changed.</summary>
    ExistsWithDifferentFields,

    /// <summary>The id is zero.</summary>
    IdMustNotBeZero,

    /// <summary>The debit and credit accounts are the same.</summary>
    AccountsMustBeDifferent,

    /// <summary>The amount is zero.</summary>
    AmountMustNotBeZero,

    /// <summary>The amount is negative; direction is expressed by which account is debited.</summary>
    AmountMustNotBeNegative,

    /// <summary>The ledger is zero.</summary>
    LedgerMustNotBeZero,

    /// <summary>No account has the debit account id.</summary>
    DebitAccountNotFound,

    /// <summary>No account has the credit account id.</summary>
    CreditAccountNotFound,

    /// <summary>The two accounts belong to different ledgers.</summary>
    AccountsMustHaveTheSameLedger,

    /// <summary>The transfer's ledger differs from the accounts' ledger.</summary>
    TransferMustHaveTheSameLedgerAsAccounts,

    /// <summary>The debit account has <see cref="AccountFlags.DebitsMustNotExceedCredits"/> and would be overdrawn.</summary>
    ExceedsCredits,

    /// <summary>The credit account has <see cref="AccountFlags.CreditsMustNotExceedDebits"/> and would exceed its debits.</summary>
    ExceedsDebits,

    /// <summary>The debit account's posted debits would overflow a 64-bit integer.</summary>
    OverflowsDebits,

    /// <summary>The credit account's posted credits would overflow a 64-bit integer.</summary>
    OverflowsCredits,
}
