namespace Optimus.Ledger;

/// <summary>
/// A double-entry account. The caller chooses <see cref="Id"/>, <see cref="Ledger"/> (the currency or unit),
/// <see cref="Code"/>, <see cref="Flags"/> and <see cref="UserData"/>; the store owns the balances and the timestamp,
/// which are ignored on creation and filled in by lookups.
/// </summary>
/// <param name="Id">Caller-chosen, non-zero 128-bit id.</param>
/// <param name="Ledger">Non-zero currency or unit code; transfers only move value between accounts of one ledger.</param>
/// <param name="Code">Caller-defined account kind (owner earnings, customer prepaid, platform revenue...).</param>
/// <param name="Flags">Balance limits.</param>
/// <param name="UserData">Opaque caller data, such as a foreign key.</param>
public sealed record Account(UInt128 Id, uint Ledger, ushort Code, AccountFlags Flags = AccountFlags.None, UInt128 UserData = default)
{
    /// <summary>Sum of the amounts of posted transfers that debit this account, in minor units.</summary>
    public long DebitsPosted { get; init; }

    /// <summary>Sum of the amounts of posted transfers that credit this account, in minor units.</summary>
    public long CreditsPosted { get; init; }

    /// <summary>When the store created the account: Unix time in microseconds, from the store's TimeProvider.</summary>
    public long Timestamp { get; init; }

    /// <summary>Whether the caller-chosen fields equal <paramref name="other"/>'s (balances and timestamp excluded).</summary>
    public bool SameFieldsAs(Account other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Id == other.Id && Ledger == other.Ledger && Code == other.Code && Flags == other.Flags && UserData == other.UserData;
    }
}
