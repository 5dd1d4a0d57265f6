using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// The accounts database (<c>accounts.db</c> in the data folder, SQLite in WAL mode): customers, API keys, owners and
/// their enrolled vehicles with the state of each one's credential. It changes rarely, and more than one process may
/// write it at once (<c>optimus keys</c> and <c>optimus owner</c> while <c>optimus up</c> runs on the same folder), so
/// every writer opens its own connection and the gateway watches <c>PRAGMA data_version</c> to see other processes' commits.
/// </summary>
public static class AccountsDatabase
{
    public const string FileName = "accounts.db";

    public static string PathIn(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, FileName));

    /// <summary>Opens (creating the folder, file and schema if needed) a connection to the accounts database.</summary>
    public static SqliteConnection Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathIn(dataDirectory), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;" + Schema;
        command.ExecuteNonQuery();
        return connection;
    }

    internal static long Now(TimeProvider time) => time.GetUtcNow().ToUnixTimeMilliseconds();

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS customers (
            name TEXT PRIMARY KEY,
            billing TEXT NOT NULL CHECK (billing IN ('prepaid', 'postpaid')),
            created_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS api_keys (
            name TEXT PRIMARY KEY,
            prefix TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'customer', 'owner')),
            subject TEXT NOT NULL,
            requests_per_minute INTEGER NOT NULL,
            tokens_per_minute INTEGER NOT NULL,
            spend_limit_nanos INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            revoked_ms INTEGER);
        CREATE TABLE IF NOT EXISTS owners (
            name TEXT PRIMARY KEY,
            payout_form TEXT NOT NULL,
            tariff TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            created_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS enrolled_vehicles (
            id TEXT PRIMARY KEY,
            owner TEXT NOT NULL REFERENCES owners (name),
            policy_json TEXT,
            enrolled_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS vehicle_credentials (
            id TEXT PRIMARY KEY REFERENCES enrolled_vehicles (id),
            generation INTEGER NOT NULL,
            issued_ms INTEGER NOT NULL,
            revoked_ms INTEGER);
        CREATE TABLE IF NOT EXISTS payout_batches (
            id TEXT PRIMARY KEY,
            created_ms INTEGER NOT NULL,
            completed_ms INTEGER);
        CREATE TABLE IF NOT EXISTS payouts (
            batch_id TEXT NOT NULL REFERENCES payout_batches (id),
            owner TEXT NOT NULL,
            form TEXT NOT NULL,
            units INTEGER NOT NULL,
            amount_nanos INTEGER NOT NULL,
            PRIMARY KEY (batch_id, owner));
        """;
}
