namespace Optimus.Ledger;

/// <summary>
/// An immutable movement of <see cref="Amount"/> from <see cref="DebitAccountId"/> to <see cref="CreditAccountId"/>.
/// The caller-chosen <see cref="Id"/> is the idempotency key: resubmitting the same transfer answers
/// <see cref="CreateTransferResult.Exists"/> and has no further effect.
/// </summary>
/// <param name="Id">Caller-chosen, non-zero 128-bit id.</param>
/// <param name="DebitAccountId">The account debited.</param>
/// <param name="CreditAccountId">The account credited.</param>
/// <param name="Amount">Positive amount in minor units (fixed point; never floating point).</param>
/// <param name="Ledger">Must equal both accounts' ledger.</param>
/// <param name="Code">Caller-defined reason (charge, owner share, energy reimbursement, payout...).</param>
/// <param name="UserData">Opaque caller data, such as a job id.</param>
public sealed record Transfer(
    UInt128 Id, UInt128 DebitAccountId, UInt128 CreditAccountId, long Amount, uint Ledger, ushort Code, UInt128 UserData = default)
{
    /// <summary>When the store posted the transfer: Unix time in microseconds, from the store's TimeProvider.</summary>
    public long Timestamp { get; init; }

    /// <summary>Whether the caller-chosen fields equal <paramref name="other"/>'s (timestamp excluded).</summary>
    public bool SameFieldsAs(Transfer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Id == other.Id && DebitAccountId == other.DebitAccountId && CreditAccountId == other.CreditAccountId
            && Amount == other.Amount && Ledger == other.Ledger && Code == other.Code && UserData == other.UserData;
    }
}
