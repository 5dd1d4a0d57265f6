using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Batches;

/// <summary>
/// Files, batches and per-line results in SQLite (WAL, synchronous=FULL) in the data folder. Every change is committed
/// before the call returns, so what the API acknowledged and what the runner recorded survives a coordinator restart:
/// a batch in progress resumes from its pending lines, and a line whose result is committed is never run again.
/// One connection, used under a lock: batch traffic is a few writes per answered request.
/// </summary>
internal sealed partial class BatchStore : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;

    public BatchStore(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DatabasePath = Path.GetFullPath(Path.Combine(options.DataDirectory, "batches.db"));
        DataFolder.PrepareDatabase(DatabasePath);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;" + Schema;
        command.ExecuteNonQuery();
        AddColumnIfMissing("files", "customer", "TEXT NOT NULL DEFAULT ''");
        AddColumnIfMissing("batches", "customer", "TEXT NOT NULL DEFAULT ''");
        AddColumnIfMissing("batches", "key_name", "TEXT NOT NULL DEFAULT ''");

        // A customer's usage and listing read this index alone, never the rows whose content spills over many pages.
        command.CommandText = "CREATE INDEX IF NOT EXISTS files_customer ON files (customer, bytes)";
        command.ExecuteNonQuery();
    }

    // Folders made before files and batches had owners gain the columns (their rows belong to the open local mode's "").
    private void AddColumnIfMissing(string table, string column, string definition)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            command.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
            command.ExecuteNonQuery();
        }
    }

    public string DatabasePath { get; }

    public void Dispose() => _connection.Dispose();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? FromMs(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : FromMs(reader.GetInt64(ordinal));

    private static object ToDb(string? value) => (object?)value ?? DBNull.Value;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS files (
            id TEXT PRIMARY KEY, purpose TEXT NOT NULL, filename TEXT NOT NULL, bytes INTEGER NOT NULL,
            created_at_ms INTEGER NOT NULL, content BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS batches (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, endpoint TEXT NOT NULL,
            input_file_id TEXT NOT NULL, completion_window TEXT NOT NULL, status TEXT NOT NULL, metadata TEXT,
            created_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL, in_progress_at_ms INTEGER,
            finalizing_at_ms INTEGER, completed_at_ms INTEGER, expired_at_ms INTEGER, cancelling_at_ms INTEGER,
            cancelled_at_ms INTEGER, output_file_id TEXT, error_file_id TEXT,
            total INTEGER NOT NULL, completed INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS batches_active ON batches (status) WHERE status IN ('in_progress', 'cancelling');
        CREATE TABLE IF NOT EXISTS batch_lines (
            batch_id TEXT NOT NULL, line INTEGER NOT NULL, custom_id TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL,
            state TEXT NOT NULL, result_id TEXT, request_id TEXT, status_code INTEGER, response TEXT,
            finished_at_ms INTEGER, PRIMARY KEY (batch_id, line)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS batch_lines_pending ON batch_lines (batch_id, line) WHERE state = 'pending';
        """;
}
