using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Storage;

/// <summary>
/// Records that a background loop could not process (the journal writer, the billing poster, the batch runner, the
/// cluster relay), set aside with the reason instead of stopping the loop, dropping the record or retrying it forever.
/// They live in their own SQLite file in the data folder (<c>quarantine.db</c>), so that a record is kept even when
/// what failed was the journal's own database. An operator reads them (<see cref="Read"/>) and replays or discards them.
/// </summary>
internal sealed partial class Quarantine
{
    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a NaN is often why the record is here
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        MaxDepth = 16,
    };

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly ILogger<Quarantine> _logger;
    private readonly Lock _lock = new();
    private long _count;

    public Quarantine(GatewayOptions options, TimeProvider time, ILogger<Quarantine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (DatabasePath, _connectionString) = WalDatabase.Create(options.DataDirectory, "quarantine.db", """
            CREATE TABLE IF NOT EXISTS quarantine (
                id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, source TEXT NOT NULL, reason TEXT NOT NULL, record TEXT NOT NULL);
            """);
        _time = time;
        _logger = logger;
    }

    public string DatabasePath { get; }

    /// <summary>Records set aside since this process started.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Sets <paramref name="record"/> aside: <paramref name="source"/> is the loop, <paramref name="reason"/> why.</summary>
    public void SetAside(string source, string reason, object record)
    {
        var json = ToJson(record);
        Interlocked.Increment(ref _count);
        LogSetAside(source, reason);
        try
        {
            lock (_lock)
            {
                using var connection = Open();
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT INTO quarantine (at_ms, source, reason, record) VALUES ($at, $source, $reason, $record)";
                command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$source", source);
                command.Parameters.AddWithValue("$reason", reason);
                command.Parameters.AddWithValue("$record", json);
                command.ExecuteNonQuery();
            }
        }
        catch (SqliteException ex)
        {
            // The last resort: the record goes to the log in full, so that it is still not lost.
            LogUnrecorded(source, reason, json, ex);
        }
    }

    /// <summary>The latest records set aside, newest first.</summary>
    public IReadOnlyList<QuarantinedRecord> Read(int limit = 100)
    {
        lock (_lock)
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT at_ms, source, reason, record FROM quarantine ORDER BY id DESC LIMIT $limit";
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var rows = new List<QuarantinedRecord>();
            while (reader.Read())
            {
                rows.Add(new QuarantinedRecord(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }

            return rows;
        }
    }

    /// <summary>
    /// True when <paramref name="exception"/> is a fault of the record being processed (a value out of range, a
    /// constraint it breaks, a field that cannot be converted), which processing it again cannot cure: the record is set
    /// aside. False for the infrastructure (a database or the network that is down, cancellation): the record is kept
    /// and tried again.
    /// </summary>
    public static bool IsRecordFault(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteTooBig or SqliteConstraint or SqliteMismatch or SqliteRange,
        System.Data.Common.DbException or IOException or TimeoutException or HttpRequestException or OperationCanceledException or OutOfMemoryException => false,
        _ => true,
    };

    private const int SqliteTooBig = 18;
    private const int SqliteConstraint = 19;
    private const int SqliteMismatch = 20;
    private const int SqliteRange = 25;

    /// <summary>A message's reason without the stack: what an operator needs to see beside the record.</summary>
    public static string Reason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"{exception.GetType().Name}: {exception.Message}";
    }

    private static string ToJson(object record)
    {
        try
        {
            return record is IMessage message ? JsonFormatter.Default.Format(message) : JsonSerializer.Serialize(record, record.GetType(), Json);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return JsonSerializer.Serialize(new { type = record.GetType().Name, text = record.ToString(), serialization_error = ex.Message });
        }
    }

    private SqliteConnection Open() => WalDatabase.Open(_connectionString);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Source} record was set aside in the quarantine: {Reason}")]
    private partial void LogSetAside(string source, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "A {Source} record could not be quarantined ({Reason}); it is kept here: {Record}")]
    private partial void LogUnrecorded(string source, string reason, string record, Exception exception);
}
