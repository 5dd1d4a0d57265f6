using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Optimus.Ledger.Storage;
using static Optimus.Ledger.Storage.SqlCommands;

namespace Optimus.Ledger.Postgres;

/// <summary>
/// The ledger on PostgreSQL: every batch is one SERIALIZABLE transaction, so concurrent batches behave as if run one
/// after another and a balance limit checked inside the transaction cannot be broken by a concurrent one. A batch that
/// loses a conflict (40001 serialization failure, 40P01 deadlock, or 23505 when two batches insert the same new id at
/// once) is rolled back whole and retried; on the retry an already-committed id answers Exists.
/// </summary>
internal sealed class PostgresLedgerStore : SqlLedgerStore
{
    private const int MaxAttempts = 200;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    private PostgresLedgerStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, ILogger logger)
        : base(timeProvider)
    {
        _dataSource = dataSource;
        _logger = logger;
    }

    public static async Task<PostgresLedgerStore> OpenAsync(
        string connectionString, TimeProvider timeProvider, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgresLedgerStore>();
        var store = new PostgresLedgerStore(dataSource, timeProvider, logger);
        try
        {
            await store.InWriteTransactionAsync(async (connection, transaction) =>
            {
                await using var schema = Command(connection, transaction, SqlText.Schema("bytea"));
                return await schema.ExecuteNonQueryAsync(cancellationToken);
            }, cancellationToken);
            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    protected override async Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (IsRetryable(e) && attempt < MaxAttempts)
            {
                PostgresLedgerLog.BatchRetried(_logger, e.SqlState, attempt);
                // Back off a little more each time so that a crowd of conflicting batches spreads out.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(attempt, 20)), cancellationToken);
            }
        }
    }

    // Without this, two batches that post to accounts A and B in opposite orders each hold one row and wait for the
    // other's, and PostgreSQL only notices after deadlock_timeout (1 s by default): a stall per deadlock. Locked in id
    // order up front, the later batch waits for the earlier one and then fails its serialization check at once.
    protected override async Task LockAccountsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyCollection<UInt128> ids, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, SqlText.LockAccounts, ("@ids", ids.Select(Ids.ToBytes).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    // REPEATABLE READ is PostgreSQL's snapshot isolation: one snapshot for the whole transaction, taken at its first
    // statement. A transaction that only reads never fails a serialization check, so reads need no retry.
    protected override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static bool IsRetryable(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation;
}
