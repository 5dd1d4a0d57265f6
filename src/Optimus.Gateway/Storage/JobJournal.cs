using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Protocol;

namespace Optimus.Gateway.Storage;

/// <summary>
/// The coordinator's SQLite journal (WAL mode) of vehicles seen and requests served. Writes are queued and applied in
/// batched transactions by a background loop, off the request path; stopping the host drains the queue first.
/// </summary>
/// <remarks>
/// The queue is bounded (<see cref="Capacity"/>): when the writer falls behind, callers wait for room rather than a
/// record being dropped or memory growing without end. A record the writer cannot store (a value the database or the
/// energy meter refuses) is rolled back alone, under its own savepoint, and set aside in the <see cref="Quarantine"/>
/// with the reason; a batch the database itself refuses (I/O, a full disk) is tried again a few times and then set
/// aside record by record. Either way the loop goes on: nothing a vehicle reports can stop the host.
/// </remarks>
internal sealed partial class JobJournal : BackgroundService
{
    /// <summary>Records the queue holds before callers wait for the writer.</summary>
    public const int Capacity = 10_000;

    private const string Source = "journal";
    private const int BatchRows = 1000;
    // Tries of a batch the database itself refuses while stopping (disk full, a lock held too long); before that, a
    // batch is retried with backoff for as long as it takes, and the bounded queue holds the writers back meanwhile.
    private const int MaxBatchTriesWhileStopping = 3;

    private volatile bool _stopping;

    private readonly Channel<object> _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly string _connectionString;
    private readonly Quarantine _quarantine;
    private readonly TimeProvider _time;
    private readonly ILogger<JobJournal> _logger;

    public JobJournal(GatewayOptions options, Quarantine quarantine, TimeProvider time, ILogger<JobJournal> logger)
    {
        _quarantine = quarantine;
        (DatabasePath, _connectionString) = WalDatabase.Create(options.DataDirectory, "optimus.db", Schema);
        _time = time;
        _logger = logger;
    }

    public string DatabasePath { get; }

    /// <summary>A journal on <paramref name="options"/>' data folder outside a host (reading it, tests), with its quarantine beside it.</summary>
    public static JobJournal Open(GatewayOptions options) =>
        new(options, new Quarantine(options, TimeProvider.System, NullLogger<Quarantine>.Instance), TimeProvider.System, NullLogger<JobJournal>.Instance);

    /// <summary>Records waiting for the writer.</summary>
    public int QueueDepth => _queue.Reader.Count;

    public ValueTask RecordVehicleAsync(Register register) =>
        EnqueueAsync(new VehicleSeen(register.VehicleId, register.Profile.Name, register.Model.Name, _time.GetUtcNow().ToUnixTimeMilliseconds()));

    /// <summary>Queues <paramref name="job"/>; waits for room while the queue is full.</summary>
    public ValueTask RecordJobAsync(JobRecord job) => EnqueueAsync(job);

    /// <summary>
    /// Queues <paramref name="job"/> from a caller that cannot await: when the queue is full, the calling thread waits for
    /// room (backpressure on the request that produced it), as the record must not be lost.
    /// </summary>
    public void RecordJob(JobRecord job)
    {
        if (!_queue.Writer.TryWrite(job))
        {
            EnqueueAsync(job).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Completes once everything queued before the call is committed (or the journal has stopped).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(flushed, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return; // stopped: everything queued has been written
        }

        await flushed.Task.WaitAsync(cancellationToken);
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
            _stopping = true;
        }

        _queue.Writer.TryComplete();
        while (reader.TryPeek(out _))
        {
            WriteBatch(connection, statements, reader);
        }
    }

    private async ValueTask EnqueueAsync(object entry)
    {
        try
        {
            await _queue.Writer.WriteAsync(entry);
        }
        catch (ChannelClosedException)
        {
            _quarantine.SetAside(Source, "the journal had already stopped", entry); // late, at shutdown: kept all the same
        }
    }

    // One transaction per batch of up to 1,000 rows, through statements prepared once per connection: the journal's
    // cost per request is a parameter rebind and a step, not a parse.
    private void WriteBatch(SqliteConnection connection, JournalStatements statements, ChannelReader<object> reader)
    {
        var entries = new List<object>();
        List<TaskCompletionSource>? flushes = null;
        while (entries.Count < BatchRows && reader.TryRead(out var entry))
        {
            if (entry is TaskCompletionSource flush)
            {
                (flushes ??= []).Add(flush);
            }
            else
            {
                entries.Add(entry);
            }
        }

        for (var tries = 1; entries.Count > 0; tries++)
        {
            try
            {
                foreach (var (entry, fault) in Write(connection, statements, entries))
                {
                    _quarantine.SetAside(Source, Quarantine.Reason(fault), entry);
                }

                LogBatch(entries.Count);
                break;
            }
            catch (Exception ex) when (ex is SqliteException or IOException && !(_stopping && tries >= MaxBatchTriesWhileStopping))
            {
                // A fault of the database, not of a record (those are set aside one by one inside Write): the records
                // are good, so they wait for the database rather than go to the quarantine.
                LogBatchFailed(tries, ex);
                Thread.Sleep(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 << Math.Min(tries, 7))));
            }
            catch (Exception ex) when (ex is SqliteException or IOException)
            {
                foreach (var entry in entries)
                {
                    _quarantine.SetAside(Source, "the journal's database failed: " + Quarantine.Reason(ex), entry);
                }

                break;
            }
        }

        foreach (var flush in flushes ?? [])
        {
            flush.TrySetResult();
        }
    }

    // Writes the entries in one transaction, each under a savepoint, and returns those that failed on what they hold
    // (rolled back alone). Throws only when the database itself fails, and then nothing of the batch is committed.
    private static List<(object Entry, Exception Fault)> Write(SqliteConnection connection, JournalStatements statements, List<object> entries)
    {
        var faults = new List<(object, Exception)>();
        using var transaction = connection.BeginTransaction();
        statements.Enlist(transaction);
        foreach (var entry in entries)
        {
            transaction.Save("entry");
            try
            {
                switch (entry)
                {
                    case JobRecord job:
                        statements.InsertJob(job);
                        break;
                    case VehicleSeen vehicle:
                        statements.UpsertVehicle(vehicle);
                        break;
                    default:
                        throw new ArgumentException($"The journal does not store {entry.GetType().Name} records.", nameof(entries));
                }

                transaction.Release("entry");
            }
            catch (Exception ex) when (Quarantine.IsRecordFault(ex))
            {
                transaction.Rollback("entry");
                faults.Add((entry, ex));
            }
        }

        transaction.Commit();
        return faults;
    }

    private SqliteConnection Open() => WalDatabase.Open(_connectionString);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal's database refused a batch (try {Try}); trying it again")]
    private partial void LogBatchFailed(int @try, Exception exception);
}
