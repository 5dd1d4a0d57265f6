using Npgsql;

namespace Optimus.Gateway.Cluster;

/// <summary>
/// The project's migration step for cluster mode: creates (idempotently, under an advisory lock so that several silos
/// starting at once do not race) the PostgreSQL tables the cluster needs: Orleans membership (one row per silo
/// incarnation, and the table version that membership changes are conditional on) and the accounts (the tables of
/// <c>accounts.db</c> and the <c>accounts_version</c> counter; see <see cref="Accounts.PostgresAccountsDatabase"/>). The
/// ledger creates its own schema when it opens. Run by every silo at start, by every command that opens the cluster's
/// accounts, and by <c>optimus cluster migrate</c>. Each component's version is a row of <c>optimus_schema_version</c>.
/// </summary>
/// <remarks>
/// Orleans' own ADO.NET providers need Orleans' SQL scripts, which its NuGet packages do not ship and which this project
/// does not copy; the membership table is therefore our own implementation of Orleans' <c>IMembershipTable</c>
/// contract over this schema (docs/architecture.md, "Cluster mode").
/// </remarks>
public static class ClusterSchema
{
    private const long LockKey = 0x4F7074696D7573; // "Optimus"

    public static async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", connection))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using var command = new NpgsqlCommand(Schema, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", connection);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS optimus_schema_version (
            component TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS optimus_membership_version (
            cluster_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            etag BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS optimus_membership (
            cluster_id TEXT NOT NULL REFERENCES optimus_membership_version (cluster_id) ON DELETE CASCADE,
            silo TEXT NOT NULL,
            status INTEGER NOT NULL,
            entry BYTEA NOT NULL,
            etag BIGINT NOT NULL,
            i_am_alive TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (cluster_id, silo));
        INSERT INTO optimus_schema_version (component, version) VALUES ('membership', 1) ON CONFLICT (component) DO NOTHING;

        """ + Accounts.AccountsDatabase.Tables + """
        CREATE TABLE IF NOT EXISTS accounts_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL);
        INSERT INTO accounts_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
        INSERT INTO optimus_schema_version (component, version) VALUES ('accounts', 1) ON CONFLICT (component) DO NOTHING;
        """;
}
