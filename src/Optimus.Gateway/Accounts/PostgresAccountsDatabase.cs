using System.Data.Common;
using Npgsql;
using Optimus.Gateway.Cluster;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// The accounts of a cluster in PostgreSQL (cluster mode: <c>optimus up --cluster-db</c>), shared by every gateway and by
/// <c>optimus keys|owner --cluster-db</c>. The tables are the SQLite ones (created by <see cref="ClusterSchema"/>, which
/// opening this runs) plus <c>accounts_version</c>, one counter row: every write transaction bumps it first, in the same
/// transaction, so its row lock serializes writers and its value moves exactly when a write commits. A gateway's caches
/// read that row before each lookup (one indexed read of one row on a pooled connection: about 0.1 to 0.25 ms on loopback,
/// see docs/architecture.md, "Cluster mode"),
/// so a key revoked through any gateway or command fails on the next request to every gateway.
/// </summary>
internal sealed class PostgresAccountsDatabase : AccountsDatabase
{
    private const string ReadVersion = "SELECT version FROM accounts_version WHERE id = 1";
    private readonly NpgsqlDataSource _source;
    private readonly string _location;

    public PostgresAccountsDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ClusterSchema.MigrateAsync(connectionString).GetAwaiter().GetResult();
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // The version read runs per request: prepared once per pooled connection, and nothing to reset between uses
            // (these connections change no session state).
            MaxAutoPrepare = Math.Max(new NpgsqlConnectionStringBuilder(connectionString).MaxAutoPrepare, 16),
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
        };
        _location = $"PostgreSQL {builder.Host}/{builder.Database}";
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public override string Location => _location;

    public override DbConnection Open() => _source.OpenConnection();

    internal override DbTransaction BeginWrite(DbConnection connection)
    {
        var transaction = connection.BeginTransaction();
        try
        {
            Execute(connection, transaction, "UPDATE accounts_version SET version = version + 1 WHERE id = 1");
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    internal override AccountsReader OpenReader() => new Reader(_source);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    // Each call rents a pooled connection, so concurrent requests check in parallel rather than queue on one.
    private sealed class Reader(NpgsqlDataSource source) : AccountsReader
    {
        public override long Version()
        {
            using var connection = source.OpenConnection();
            using var command = new NpgsqlCommand(ReadVersion, connection);
            return (long)command.ExecuteScalar()!;
        }

        public override T Read<T>(Func<DbConnection, T> read)
        {
            using var connection = source.OpenConnection();
            return read(connection);
        }

        public override void Dispose()
        {
        }
    }
}
