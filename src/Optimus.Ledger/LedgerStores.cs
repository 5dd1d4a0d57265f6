using Microsoft.Extensions.Logging;
using Optimus.Ledger.Postgres;
using Optimus.Ledger.Sqlite;

namespace Optimus.Ledger;

/// <summary>Opens the ledger's stores; each creates its schema if missing.</summary>
public static class LedgerStores
{
    /// <summary>Opens (creating if needed) the embedded SQLite ledger at <paramref name="path"/>.</summary>
    public static async Task<ILedgerStore> OpenSqliteAsync(string path, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return await SqliteLedgerStore.OpenAsync(path, timeProvider ?? TimeProvider.System, cancellationToken);
    }

    /// <summary>Opens the PostgreSQL ledger in the database (and search path) named by <paramref name="connectionString"/>.</summary>
    public static async Task<ILedgerStore> OpenPostgresAsync(
        string connectionString, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        return await PostgresLedgerStore.OpenAsync(connectionString, timeProvider ?? TimeProvider.System, loggerFactory, cancellationToken);
    }
}
