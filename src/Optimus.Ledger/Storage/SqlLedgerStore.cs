using System.Data.Common;
using static Optimus.Ledger.Storage.SqlCommands;

namespace Optimus.Ledger.Storage;

/// <summary>
/// The ledger logic shared by the SQL stores: each batch runs in one write transaction supplied by the subclass,
/// which owns the dialect's connection, isolation, durability settings and retries. Balances are read and limits
/// checked inside that transaction, so no concurrent batch can overdraw an account between the check and the write.
/// </summary>
internal abstract partial class SqlLedgerStore(TimeProvider timeProvider) : ILedgerStore
{
    /// <summary>Runs <paramref name="work"/> in one durable write transaction, committing when it returns.</summary>
    protected abstract Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Opens a connection for reads outside any write transaction.</summary>
    protected abstract Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a read transaction in which every statement sees the same committed state, so that a lookup of several
    /// rows is one moment of the ledger: never half of a concurrent batch.
    /// </summary>
    protected abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Called first in each transfer batch with every account the batch names. A store whose writers run side by side
    /// locks them here, all in one global order, so that two batches over the same accounts queue (or fail at once and
    /// retry) instead of each updating one account and deadlocking on the other's.
    /// </summary>
    protected virtual Task LockAccountsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<UInt128> ids, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public abstract ValueTask DisposeAsync();

    public Task<IReadOnlyList<CreateAccountResult>> CreateAccountsAsync(IReadOnlyList<Account> accounts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return InWriteTransactionAsync<IReadOnlyList<CreateAccountResult>>(async (connection, transaction) =>
        {
            var now = NowMicroseconds();
            var results = new CreateAccountResult[accounts.Count];
            for (var i = 0; i < accounts.Count; i++)
            {
                results[i] = await CreateAccountAsync(connection, transaction, accounts[i], now + i, cancellationToken);
            }
            return results;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<CreateTransferResult>> CreateTransfersAsync(IReadOnlyList<Transfer> transfers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        return InWriteTransactionAsync<IReadOnlyList<CreateTransferResult>>(async (connection, transaction) =>
        {
            await LockAccountsAsync(connection, transaction, transfers.SelectMany(t => new[] { t.DebitAccountId, t.CreditAccountId }).ToHashSet(), cancellationToken);
            var now = NowMicroseconds();
            var results = new CreateTransferResult[transfers.Count];
            for (var i = 0; i < transfers.Count; i++)
            {
                results[i] = await CreateTransferAsync(connection, transaction, transfers[i], now + i, cancellationToken);
            }
            return results;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Account>> GetAccountsAsync(IReadOnlyList<UInt128> ids, CancellationToken cancellationToken = default) =>
        ReadEachAsync(ids, ReadAccountAsync, cancellationToken);

    public Task<IReadOnlyList<Transfer>> GetTransfersAsync(IReadOnlyList<UInt128> ids, CancellationToken cancellationToken = default) =>
        ReadEachAsync(ids, ReadTransferAsync, cancellationToken);

    public async Task<IReadOnlyList<Transfer>> GetAccountTransfersAsync(UInt128 accountId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, SqlText.SelectAccountTransfers, ("@account", Ids.ToBytes(accountId)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<Transfer>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(ReadTransfer(reader));
        }
        return found;
    }

    // One row per id, all read in one snapshot: each statement on its own would see whatever had committed by then, so
    // a reader could see a transfer's debit without its credit (money appearing or vanishing in a sum of balances).
    private async Task<IReadOnlyList<T>> ReadEachAsync<T>(
        IReadOnlyList<UInt128> ids, Func<DbConnection, DbTransaction?, UInt128, CancellationToken, Task<T?>> read, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(ids);
        await using var connection = await OpenReadConnectionAsync(cancellationToken);
        await using var snapshot = await BeginSnapshotAsync(connection, cancellationToken);
        var found = new List<T>(ids.Count);
        foreach (var id in ids)
        {
            if (await read(connection, snapshot, id, cancellationToken) is { } row)
            {
                found.Add(row);
            }
        }
        await snapshot.CommitAsync(cancellationToken);
        return found;
    }

    private static async Task<CreateAccountResult> CreateAccountAsync(
        DbConnection connection, DbTransaction transaction, Account account, long timestamp, CancellationToken cancellationToken)
    {
        var valid = LedgerRules.ValidateAccount(account);
        if (valid != CreateAccountResult.Ok)
        {
            return valid;
        }
        if (await ReadAccountAsync(connection, transaction, account.Id, cancellationToken) is { } existing)
        {
            return existing.SameFieldsAs(account) ? CreateAccountResult.Exists : CreateAccountResult.ExistsWithDifferentFields;
        }
        await using var insert = Command(connection, transaction, SqlText.InsertAccount,
            ("@id", Ids.ToBytes(account.Id)), ("@ledger", (long)account.Ledger), ("@code", (int)account.Code),
            ("@flags", (int)account.Flags), ("@user_data", Ids.ToBytes(account.UserData)), ("@timestamp", timestamp));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return CreateAccountResult.Ok;
    }

    private static async Task<CreateTransferResult> CreateTransferAsync(
        DbConnection connection, DbTransaction transaction, Transfer transfer, long timestamp, CancellationToken cancellationToken)
    {
        var valid = LedgerRules.ValidateTransfer(transfer);
        if (valid != CreateTransferResult.Ok)
        {
            return valid;
        }
        if (await ReadTransferAsync(connection, transaction, transfer.Id, cancellationToken) is { } existing)
        {
            return existing.SameFieldsAs(transfer) ? CreateTransferResult.Exists : CreateTransferResult.ExistsWithDifferentFields;
        }
        var debit = await ReadAccountAsync(connection, transaction, transfer.DebitAccountId, cancellationToken);
        var credit = await ReadAccountAsync(connection, transaction, transfer.CreditAccountId, cancellationToken);
        var allowed = LedgerRules.CheckBalances(transfer, debit, credit);
        if (allowed != CreateTransferResult.Ok)
        {
            return allowed;
        }
        var debitId = Ids.ToBytes(transfer.DebitAccountId);
        var creditId = Ids.ToBytes(transfer.CreditAccountId);
        await using (var insert = Command(connection, transaction, SqlText.InsertTransfer,
            ("@id", Ids.ToBytes(transfer.Id)), ("@debit", debitId), ("@credit", creditId), ("@amount", transfer.Amount),
            ("@ledger", (long)transfer.Ledger), ("@code", (int)transfer.Code), ("@user_data", Ids.ToBytes(transfer.UserData)),
            ("@timestamp", timestamp)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var post = Command(connection, transaction, SqlText.PostDebit, ("@id", debitId), ("@amount", transfer.Amount)))
        {
            await post.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var post = Command(connection, transaction, SqlText.PostCredit, ("@id", creditId), ("@amount", transfer.Amount)))
        {
            await post.ExecuteNonQueryAsync(cancellationToken);
        }
        return CreateTransferResult.Ok;
    }

    // Items of one batch get consecutive microseconds, so that history within a batch keeps the batch's order.
    private long NowMicroseconds() => (timeProvider.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
}
