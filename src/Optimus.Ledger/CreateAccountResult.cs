namespace Optimus.Ledger;

/// <summary>The outcome of one account in a <see cref="ILedgerStore.CreateAccountsAsync"/> batch.</summary>
public enum CreateAccountResult
{
    /// <summary>Created.</summary>
    Ok = 0,

    /// <summary>An account with this id and the same fields already exists; nothing changed.</summary>
    Exists,

    /// <summary>An account with this id but different fields already exists; nothing changed.</summary>
    ExistsWithDifferentFields,

    /// <summary>The id is zero.</summary>
    IdMustNotBeZero,

    /// <summary>The ledger is zero.</summary>
    LedgerMustNotBeZero,

    /// <summary>Both balance-limit flags are set, which would forbid every transfer.</summary>
    FlagsAreMutuallyExclusive,

    /// <summary>Unknown flag bits are set.</summary>
    ReservedFlag,
}
