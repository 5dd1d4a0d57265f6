using Microsoft.Data.Sqlite;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Storage;

/// <summary>
/// Reads of the usage records the journal writes (one per job attempt, in <c>optimus.db</c>): what a key spent, what a
/// customer has been charged but not yet posted, the records the billing poster has still to post, and per-key
/// summaries for <c>GET /v1/usage</c>. Its own connection, under a lock; the journal is the only writer of records.
/// </summary>
internal sealed class UsageStore : ISpendHistory, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public UsageStore(JobJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = journal.DatabasePath, Pooling = false }.ToString());
        _connection.Open();
        using var pragma = _connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
    }

    public long SpentBy(string keyName, BillingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return Scalar("SELECT COALESCE(SUM(charge_nanos), 0) FROM usage WHERE key_name = $key AND billed = 1 AND started_ms >= $from AND started_ms < $to",
            ("$key", keyName), ("$from", period.Start.ToUnixTimeMilliseconds()), ("$to", period.End.ToUnixTimeMilliseconds()));
    }

    /// <summary>Charges of <paramref name="customer"/> recorded but not yet posted to the ledger.</summary>
    public long UnpostedCharges(string customer) =>
        Scalar("SELECT COALESCE(SUM(charge_nanos), 0) FROM usage WHERE customer = $customer AND billed = 1 AND posted = 0", ("$customer", customer));

    /// <summary>Up to <paramref name="limit"/> billed records not yet posted, oldest first.</summary>
    public IReadOnlyList<UsageRow> Unposted(int limit)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"{RowColumns} WHERE posted = 0 ORDER BY started_ms LIMIT $limit";
            command.Parameters.AddWithValue("$limit", limit);
            return ReadRows(command);
        }
    }

    /// <summary>Marks records posted (the ledger has every leg of their charge).</summary>
    public void MarkPosted(IEnumerable<UsageRow> rows, int state = 1)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE usage SET posted = $state WHERE job_id = $job AND attempt = $attempt";
            command.Parameters.AddWithValue("$state", state);
            var job = command.Parameters.Add("$job", SqliteType.Text);
            var attempt = command.Parameters.Add("$attempt", SqliteType.Integer);
            foreach (var row in rows)
            {
                job.Value = row.JobId;
                attempt.Value = row.Attempt;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>The records of one key in a period (newest first, up to <paramref name="limit"/>) and their totals.</summary>
    public (IReadOnlyList<UsageRow> Rows, UsageTotals Totals) ForKey(string keyName, BillingPeriod period, int limit)
    {
        ArgumentNullException.ThrowIfNull(period);
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.Parameters.AddWithValue("$key", keyName);
            command.Parameters.AddWithValue("$from", period.Start.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$to", period.End.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$limit", limit);
            command.CommandText = $"{RowColumns} WHERE key_name = $key AND started_ms >= $from AND started_ms < $to ORDER BY started_ms DESC LIMIT $limit";
            var rows = ReadRows(command);
            command.CommandText = """
                SELECT COUNT(*), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(charge_nanos), 0)
                FROM usage WHERE key_name = $key AND billed = 1 AND started_ms >= $from AND started_ms < $to
                """;
            using var reader = command.ExecuteReader();
            reader.Read();
            return (rows, new UsageTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
    }

    /// <summary>Billed records of <paramref name="customer"/> in a period: count, tokens and charges (a postpaid invoice).</summary>
    public UsageTotals TotalsForCustomer(string customer, BillingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                SELECT COUNT(*), COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(charge_nanos), 0)
                FROM usage WHERE customer = $customer AND billed = 1 AND started_ms >= $from AND started_ms < $to
                """;
            command.Parameters.AddWithValue("$customer", customer);
            command.Parameters.AddWithValue("$from", period.Start.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$to", period.End.ToUnixTimeMilliseconds());
            using var reader = command.ExecuteReader();
            reader.Read();
            return new UsageTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }
    }

    /// <summary>Every record of the vehicles in <paramref name="vehicleIds"/> in a period, for owners' statements.</summary>
    public IReadOnlyList<UsageRow> ForVehicles(IReadOnlyCollection<string> vehicleIds, BillingPeriod period)
    {
        ArgumentNullException.ThrowIfNull(vehicleIds);
        ArgumentNullException.ThrowIfNull(period);
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            var names = vehicleIds.Select((_, i) => "$v" + i).ToList();
            command.CommandText = $"{RowColumns} WHERE vehicle_id IN ({string.Join(", ", names.DefaultIfEmpty("NULL"))}) AND started_ms >= $from AND started_ms < $to ORDER BY started_ms";
            foreach (var (id, name) in vehicleIds.Zip(names))
            {
                command.Parameters.AddWithValue(name, id);
            }

            command.Parameters.AddWithValue("$from", period.Start.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$to", period.End.ToUnixTimeMilliseconds());
            return ReadRows(command);
        }
    }

    public void Dispose() => _connection.Dispose();

    private const string RowColumns = """
        SELECT job_id, attempt, customer, key_name, model, tier, vehicle_id, lease_epoch, outcome, billed, prompt_tokens,
               completion_tokens, device_us, milliwatt_hours, started_ms, charge_nanos, posted
        FROM usage
        """;

    private static List<UsageRow> ReadRows(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<UsageRow>();
        while (reader.Read())
        {
            rows.Add(new UsageRow(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt64(7), reader.GetString(8), reader.GetInt32(9) == 1,
                reader.GetInt64(10), reader.GetInt64(11), reader.GetInt64(12), reader.GetInt64(13),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)), reader.GetInt64(15), reader.GetInt32(16)));
        }

        return rows;
    }

    private long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return (long)command.ExecuteScalar()!;
        }
    }
}

/// <summary>One usage record: one attempt of one job.</summary>
internal sealed record UsageRow(
    string JobId, int Attempt, string Customer, string KeyName, string Model, string Tier, string? VehicleId, long LeaseEpoch, string Outcome,
    bool Billed, long PromptTokens, long CompletionTokens, long DeviceMicroseconds, long MilliWattHours, DateTimeOffset Started,
    long ChargeNanoDollars, int Posted);

/// <summary>Billed requests, tokens and charges over some records.</summary>
internal sealed record UsageTotals(long Requests, long PromptTokens, long CompletionTokens, long ChargeNanoDollars);
