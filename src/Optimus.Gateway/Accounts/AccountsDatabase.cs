using System.Data.Common;
using static Optimus.Ledger.Storage.SqlCommands;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Where the accounts live: customers, API keys, owners and their enrolled vehicles with the state of each one's
/// credential, and the record of payout batches. Two stores behind this one seam: <see cref="SqliteAccountsDatabase"/>
/// (<c>accounts.db</c> in the data folder, the embedded default) and <see cref="PostgresAccountsDatabase"/> (cluster mode:
/// every gateway of the cluster shares them). The stores' SQL (<see cref="KeyStore"/>, <see cref="OwnerStore"/>,
/// <see cref="Identity.VehicleCredentials"/>) is the same on both: <c>@name</c> parameters, <c>INSERT … ON CONFLICT</c>,
/// ordering done in .NET. What differs is here: connecting, how writers are serialized, and how a cache in one process
/// learns that another process (<c>optimus keys</c>, another gateway) has committed.
/// </summary>
/// <remarks>
/// Accounts change rarely and more than one process may write them at once, so every write runs in a transaction from
/// <see cref="BeginWrite"/>, which serializes it with every other writer (SQLite: <c>BEGIN IMMEDIATE</c>; PostgreSQL: the
/// transaction's first statement bumps the <c>accounts_version</c> row, whose row lock is held to its commit); a
/// check-then-insert inside one is therefore atomic on both.
/// </remarks>
public abstract class AccountsDatabase : IDisposable
{
    public const string FileName = "accounts.db";

    public static string PathIn(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, FileName));

    /// <summary>The accounts in <c>accounts.db</c> of <paramref name="dataDirectory"/> (created on first use).</summary>
    public static AccountsDatabase Sqlite(string dataDirectory) => new SqliteAccountsDatabase(dataDirectory);

    /// <summary>The accounts of a cluster in PostgreSQL; creates the tables if needed (<see cref="Cluster.ClusterSchema"/>).</summary>
    public static AccountsDatabase Postgres(string connectionString) => new PostgresAccountsDatabase(connectionString);

    /// <summary>The accounts a gateway or a command uses: the cluster's when given a cluster database, else the data folder's.</summary>
    public static AccountsDatabase For(string? clusterDatabase, string dataDirectory) =>
        string.IsNullOrWhiteSpace(clusterDatabase) ? Sqlite(dataDirectory) : Postgres(clusterDatabase);

    /// <summary>Where the accounts are, for messages: a file path or a PostgreSQL host and database.</summary>
    public abstract string Location { get; }

    /// <summary>Opens a connection for one operation; the caller disposes it.</summary>
    public abstract DbConnection Open();

    /// <summary>Begins a write: serialized with every other writer, and seen by every <see cref="AccountsReader"/> once committed.</summary>
    internal abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>A long-lived reader for the gateway's caches and its per-registration reads.</summary>
    internal abstract AccountsReader OpenReader();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// The tables, in the SQL both stores accept: SQLite gives <c>BIGINT</c> columns the same 64-bit integer affinity as
    /// <c>INTEGER</c> (older <c>accounts.db</c> files made with <c>INTEGER</c> read the same), PostgreSQL needs it for
    /// milliseconds and nanodollars.
    /// </summary>
    internal const string Tables = """
        CREATE TABLE IF NOT EXISTS customers (
            name TEXT PRIMARY KEY,
            billing TEXT NOT NULL CHECK (billing IN ('prepaid', 'postpaid')),
            created_ms BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS api_keys (
            name TEXT PRIMARY KEY,
            prefix TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'customer', 'owner')),
            subject TEXT NOT NULL,
            requests_per_minute INTEGER NOT NULL,
            tokens_per_minute INTEGER NOT NULL,
            spend_limit_nanos BIGINT NOT NULL,
            created_ms BIGINT NOT NULL,
            revoked_ms BIGINT);
        CREATE TABLE IF NOT EXISTS owners (
            name TEXT PRIMARY KEY,
            payout_form TEXT NOT NULL,
            tariff TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            created_ms BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS enrolled_vehicles (
            id TEXT PRIMARY KEY,
            owner TEXT NOT NULL REFERENCES owners (name),
            policy_json TEXT,
            enrolled_ms BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS vehicle_credentials (
            id TEXT PRIMARY KEY REFERENCES enrolled_vehicles (id),
            generation BIGINT NOT NULL,
            issued_ms BIGINT NOT NULL,
            revoked_ms BIGINT);
        CREATE TABLE IF NOT EXISTS payout_batches (
            id TEXT PRIMARY KEY,
            created_ms BIGINT NOT NULL,
            completed_ms BIGINT);
        CREATE TABLE IF NOT EXISTS payouts (
            batch_id TEXT NOT NULL REFERENCES payout_batches (id),
            owner TEXT NOT NULL,
            form TEXT NOT NULL,
            units BIGINT NOT NULL,
            amount_nanos BIGINT NOT NULL,
            PRIMARY KEY (batch_id, owner));
        """;

    internal static long Now(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Runs <paramref name="write"/> in a write transaction and commits it (an exception rolls it back).</summary>
    internal T Write<T>(Func<DbConnection, DbTransaction, T> write)
    {
        using var connection = Open();
        using var transaction = BeginWrite(connection);
        var result = write(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>Runs <paramref name="read"/> on a connection of its own.</summary>
    internal T Read<T>(Func<DbConnection, T> read)
    {
        using var connection = Open();
        return read(connection);
    }

    internal static int Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    internal static object? Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    /// <summary>Reads every row of a query.</summary>
    internal static List<T> Rows<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> row, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}

/// <summary>
/// A gateway's long-lived view of the accounts: <see cref="Version"/> tells a cache whether anyone committed since it
/// loaded, without reading the tables, and <see cref="Read"/> runs a query. Thread-safe.
/// </summary>
internal abstract class AccountsReader : IDisposable
{
    /// <summary>
    /// A number that only grows: a call that starts after a write committed returns more than every call that returned
    /// before that commit.
    /// </summary>
    public abstract long Version();

    public abstract T Read<T>(Func<DbConnection, T> read);

    public abstract void Dispose();
}
