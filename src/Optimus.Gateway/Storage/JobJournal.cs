using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Optimus.Protocol;

namespace Optimus.Gateway.Storage;

/// <summary>
/// The coordinator's SQLite journal (WAL mode) of vehicles seen and requests served. Writes are queued and applied in
/// batched transactions by a background loop, off the request path; stopping the host drains the queue first.
/// </summary>
internal sealed partial class JobJournal : BackgroundService
{
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ILogger<JobJournal> _logger;

    public JobJournal(GatewayOptions options, TimeProvider time, ILogger<JobJournal> logger)
    {
        DatabasePath = Path.GetFullPath(Path.Combine(options.DataDirectory, "optimus.db"));
        DataFolder.PrepareDatabase(DatabasePath);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();
        _time = time;
        _logger = logger;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public string DatabasePath { get; }

    public void RecordVehicle(Register register) =>
        _queue.Writer.TryWrite(new VehicleSeen(register.VehicleId, register.Profile.Name, register.Model.Name, _time.GetUtcNow().ToUnixTimeMilliseconds()));

    public void RecordJob(JobRecord job) => _queue.Writer.TryWrite(job);

    /// <summary>Completes once everything queued before the call is committed (or the journal has stopped).</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(flushed) ? flushed.Task.WaitAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Reads the journal (used by tests and operators).</summary>
    public IReadOnlyList<(string JobId, string? VehicleId, int PromptTokens, int CompletionTokens, string Status)> ReadJobs()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, vehicle_id, prompt_tokens, completion_tokens, status FROM jobs ORDER BY started_at_ms";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string?, int, int, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetString(4)));
        }

        return rows;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var connection = Open();
        using var statements = new JournalStatements(connection);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                WriteBatch(connection, statements, reader);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: fall through and drain what is queued.
        }

        _queue.Writer.TryComplete();
        while (reader.TryPeek(out _))
        {
            WriteBatch(connection, statements, reader);
        }
    }

    // One transaction per batch of up to 1,000 rows, through statements prepared once per connection: the journal's
    // cost per request is a parameter rebind and a step, not a parse.
    private void WriteBatch(SqliteConnection connection, JournalStatements statements, ChannelReader<object> reader)
    {
        using var transaction = connection.BeginTransaction();
        statements.Enlist(transaction);
        var count = 0;
        List<TaskCompletionSource>? flushes = null;
        while (count < 1000 && reader.TryRead(out var entry))
        {
            switch (entry)
            {
                case TaskCompletionSource flush:
                    (flushes ??= []).Add(flush);
                    break;
                case JobRecord job:
                    statements.InsertJob(job);
                    break;
                case VehicleSeen vehicle:
                    statements.UpsertVehicle(vehicle);
                    break;
            }

            count++;
        }

        transaction.Commit();
        foreach (var flush in flushes ?? [])
        {
            flush.TrySetResult();
        }

        if (count > 0)
        {
            LogBatch(count);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS vehicles (
            id TEXT PRIMARY KEY, profile TEXT NOT NULL, model TEXT NOT NULL,
            first_seen_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS jobs (
            id TEXT PRIMARY KEY, endpoint TEXT NOT NULL, model TEXT NOT NULL, vehicle_id TEXT, lease_epoch INTEGER NOT NULL,
            attempts INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, status TEXT NOT NULL,
            finish_reason TEXT, error_code TEXT, started_at_ms INTEGER NOT NULL, duration_ms REAL NOT NULL);
        CREATE TABLE IF NOT EXISTS usage (
            job_id TEXT NOT NULL, attempt INTEGER NOT NULL, customer TEXT NOT NULL, key_name TEXT NOT NULL, model TEXT NOT NULL,
            tier TEXT NOT NULL, vehicle_id TEXT, lease_epoch INTEGER NOT NULL, outcome TEXT NOT NULL, billed INTEGER NOT NULL,
            prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, device_us INTEGER NOT NULL,
            milliwatt_hours INTEGER NOT NULL, started_ms INTEGER NOT NULL, charge_nanos INTEGER NOT NULL, posted INTEGER NOT NULL,
            PRIMARY KEY (job_id, attempt)) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS usage_billed_once ON usage (job_id) WHERE billed = 1;
        CREATE INDEX IF NOT EXISTS usage_unposted ON usage (started_ms) WHERE posted = 0;
        CREATE INDEX IF NOT EXISTS usage_by_key ON usage (key_name, started_ms);
        CREATE INDEX IF NOT EXISTS usage_by_vehicle ON usage (vehicle_id, started_ms);
        """;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Journal wrote {Count} rows")]
    private partial void LogBatch(int count);
}
