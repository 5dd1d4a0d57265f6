using System.Data.Common;
using Microsoft.Data.Sqlite;
using Optimus.Ledger.Storage;
using static Optimus.Ledger.Storage.SqlCommands;

namespace Optimus.Ledger.Sqlite;

/// <summary>
/// The embedded ledger: one SQLite file in WAL mode with synchronous=FULL, so a committed batch is fsynced to the WAL
/// before the call returns. Writes go through one connection, one batch at a time (SQLite has one writer anyway), and
/// each batch is a BEGIN IMMEDIATE transaction so another process's writer waits on busy_timeout instead of failing.
/// </summary>
internal sealed class SqliteLedgerStore : SqlLedgerStore
{
    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SqliteLedgerStore(string connectionString, SqliteConnection writer, TimeProvider timeProvider)
        : base(timeProvider)
    {
        _connectionString = connectionString;
        _writer = writer;
    }

    public static async Task<SqliteLedgerStore> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        var writer = await OpenConnectionAsync(connectionString, cancellationToken);
        try
        {
            await using var schema = Command(writer, null, SqlText.Schema("BLOB"));
            await schema.ExecuteNonQueryAsync(cancellationToken);
            return new SqliteLedgerStore(connectionString, writer, timeProvider);
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    protected override async Task<T> InWriteTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            // Microsoft.Data.Sqlite begins a non-deferred transaction as BEGIN IMMEDIATE: the write lock is taken
            // before the balances are read, so no other writer can change them before this batch commits.
            await using var transaction = _writer.BeginTransaction(deferred: false);
            var result = await work(_writer, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    protected override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await OpenConnectionAsync(_connectionString, cancellationToken);

    // A deferred transaction takes no lock; in WAL mode its first read fixes the snapshot that the rest of it reads.
    protected override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        _writeGate.Dispose();
    }

    private static async Task<SqliteConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
