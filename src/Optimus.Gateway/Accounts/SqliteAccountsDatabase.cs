using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// The accounts in <c>accounts.db</c> in the data folder (SQLite in WAL mode), the embedded default. Every operation opens
/// its own connection (several processes may write: <c>optimus keys</c> and <c>optimus owner</c> while <c>optimus up</c>
/// runs on the same folder); writers are serialized by <c>BEGIN IMMEDIATE</c>, and a gateway's reader watches
/// <c>PRAGMA data_version</c>, a counter SQLite keeps per connection without touching the tables, to see other
/// connections' commits.
/// </summary>
internal sealed class SqliteAccountsDatabase(string dataDirectory) : AccountsDatabase
{
    public override string Location => PathIn(dataDirectory);

    public override DbConnection Open() => OpenSqlite();

    internal override DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    internal override AccountsReader OpenReader() => new Reader(OpenSqlite());

    /// <summary>Opens (creating the folder, file and schema if needed) a connection to the accounts database.</summary>
    private SqliteConnection OpenSqlite()
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        DataFolder.PrepareDatabase(PathIn(dataDirectory));
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = PathIn(dataDirectory), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;" + Tables;
        command.ExecuteNonQuery();
        return connection;
    }

    // One connection that never writes, so that its data_version moves exactly when another connection commits. The
    // pragma's value is only said to differ after such a commit; the counter below makes it one that only grows.
    private sealed class Reader : AccountsReader
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _dataVersion;
        private readonly Lock _lock = new();
        private long _lastDataVersion;
        private long _version;

        public Reader(SqliteConnection connection)
        {
            _connection = connection;
            _dataVersion = _connection.CreateCommand();
            _dataVersion.CommandText = "PRAGMA data_version";
            _dataVersion.Prepare();
            _lastDataVersion = (long)_dataVersion.ExecuteScalar()!;
        }

        public override long Version()
        {
            lock (_lock)
            {
                var dataVersion = (long)_dataVersion.ExecuteScalar()!;
                if (dataVersion != _lastDataVersion)
                {
                    _lastDataVersion = dataVersion;
                    _version++;
                }

                return _version;
            }
        }

        public override T Read<T>(Func<DbConnection, T> read)
        {
            lock (_lock)
            {
                return read(_connection);
            }
        }

        public override void Dispose()
        {
            _dataVersion.Dispose();
            _connection.Dispose();
        }
    }
}
