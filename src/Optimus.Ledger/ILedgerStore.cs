namespace Optimus.Ledger;

/// <summary>
/// A durable double-entry ledger. Writes come in batches and answer one result per item, in input order; rejections are
/// result codes, never exceptions. Within a batch every item is judged on its own (a rejected item does not roll back
/// the others) and sees the effects of the items before it; the whole batch commits in one durable transaction before
/// the call returns, so an acknowledged <see cref="CreateTransferResult.Ok"/> survives a crash. A failure of the store
/// itself (an exception, not a result code) rolls the whole batch back, so a batch is never half-applied; resending it
/// is safe because ids make every item idempotent. History is immutable: there is no update or delete.
/// </summary>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>Creates accounts; one result per input account, in order.</summary>
    Task<IReadOnlyList<CreateAccountResult>> CreateAccountsAsync(IReadOnlyList<Account> accounts, CancellationToken cancellationToken = default);

    /// <summary>Posts transfers; one result per input transfer, in order.</summary>
    Task<IReadOnlyList<CreateTransferResult>> CreateTransfersAsync(IReadOnlyList<Transfer> transfers, CancellationToken cancellationToken = default);

    /// <summary>
    /// The accounts that exist among <paramref name="ids"/>, with balances, in the order of the ids; missing ids are left out.
    /// All are read at one moment: a concurrent batch shows either all of its effects or none.
    /// </summary>
    Task<IReadOnlyList<Account>> GetAccountsAsync(IReadOnlyList<UInt128> ids, CancellationToken cancellationToken = default);

    /// <summary>The transfers that exist among <paramref name="ids"/>, in the order of the ids, read at one moment; missing ids are left out.</summary>
    Task<IReadOnlyList<Transfer>> GetTransfersAsync(IReadOnlyList<UInt128> ids, CancellationToken cancellationToken = default);

    /// <summary>Every transfer that debits or credits <paramref name="accountId"/>, oldest first (the account's history).</summary>
    Task<IReadOnlyList<Transfer>> GetAccountTransfersAsync(UInt128 accountId, CancellationToken cancellationToken = default);
}
