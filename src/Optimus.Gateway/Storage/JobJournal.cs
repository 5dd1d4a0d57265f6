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
    private readonly Channel<Action<SqliteCommand>> _queue = Channel.CreateUnbounded<Action<SqliteCommand>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ILogger<JobJournal> _logger;

    public JobJournal(GatewayOptions options, TimeProvider time, ILogger<JobJournal> logger)
    {
        Directory.CreateDirectory(options.DataDirectory);
        DatabasePath = Path.GetFullPath(Path.Combine(options.DataDirectory, "optimus.db"));
        _connectionString = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();
        _time = time;
        _logger = logger;
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public string DatabasePath { get; }

    public void RecordVehicle(Register register)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _queue.Writer.TryWrite(command =>
        {
            command.CommandText = """
                INSERT INTO vehicles (id, profile, model, first_seen_ms, last_seen_ms) VALUES ($id, $profile, $model, $now, $now)
                ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, model = excluded.model, last_seen_ms = excluded.last_seen_ms
                """;
            command.Parameters.AddWithValue("$id", register.VehicleId);
            command.Parameters.AddWithValue("$profile", register.Profile.Name);
            command.Parameters.AddWithValue("$model", register.Model.Name);
            command.Parameters.AddWithValue("$now", now);
        });
    }

    public void RecordJob(JobRecord job) => _queue.Writer.TryWrite(command =>
    {
        command.CommandText = """
            INSERT OR REPLACE INTO jobs (id, endpoint, model, vehicle_id, lease_epoch, attempts, prompt_tokens, completion_tokens,
                                         status, finish_reason, error_code, started_at_ms, duration_ms)
            VALUES ($id, $endpoint, $model, $vehicle, $epoch, $attempts, $prompt, $completion, $status, $finish, $error, $started, $duration)
            """;
        command.Parameters.AddWithValue("$id", job.JobId);
        command.Parameters.AddWithValue("$endpoint", job.Endpoint);
        command.Parameters.AddWithValue("$model", job.Model);
        command.Parameters.AddWithValue("$vehicle", (object?)job.VehicleId ?? DBNull.Value);
        command.Parameters.AddWithValue("$epoch", job.LeaseEpoch);
        command.Parameters.AddWithValue("$attempts", job.Attempts);
        command.Parameters.AddWithValue("$prompt", job.PromptTokens);
        command.Parameters.AddWithValue("$completion", job.CompletionTokens);
        command.Parameters.AddWithValue("$status", job.Status);
        command.Parameters.AddWithValue("$finish", (object?)job.FinishReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)job.ErrorCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$started", job.StartedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$duration", job.DurationMs);
    });

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
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                WriteBatch(connection, reader);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: fall through and drain what is queued.
        }

        _queue.Writer.TryComplete();
        WriteBatch(connection, reader);
    }

    private void WriteBatch(SqliteConnection connection, ChannelReader<Action<SqliteCommand>> reader)
    {
        using var transaction = connection.BeginTransaction();
        var count = 0;
        while (count < 1000 && reader.TryRead(out var write))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            write(command);
            command.ExecuteNonQuery();
            count++;
        }

        transaction.Commit();
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
        """;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Journal wrote {Count} rows")]
    private partial void LogBatch(int count);
}
