using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Batches;

/// <summary>Batches: creation with all their lines in one transaction, reads with counts, and cancellation.</summary>
internal sealed partial class BatchStore
{
    private const string BatchColumns = """
        SELECT b.id, b.endpoint, b.input_file_id, b.completion_window, b.status, b.metadata, b.created_at_ms, b.expires_at_ms,
               b.in_progress_at_ms, b.finalizing_at_ms, b.completed_at_ms, b.expired_at_ms, b.cancelling_at_ms, b.cancelled_at_ms,
               b.output_file_id, b.error_file_id, b.total, b.completed, b.failed, b.customer, b.key_name
        FROM batches b
        """;

    /// <summary>Stores a validated batch, in progress, with every line pending.</summary>
    public BatchRecord CreateBatch(string id, string endpoint, string inputFileId, string completionWindow, string? metadata, DateTimeOffset created, DateTimeOffset expires, IReadOnlyList<BatchLine> lines, Accounts.Caller caller)
    {
        ArgumentNullException.ThrowIfNull(lines);
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = """
                    INSERT INTO batches (id, endpoint, input_file_id, completion_window, status, metadata, created_at_ms, expires_at_ms, in_progress_at_ms, total, customer, key_name)
                    VALUES ($id, $endpoint, $input, $window, $status, $metadata, $created, $expires, $created, $total, $customer, $key)
                    """;
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$endpoint", endpoint);
                command.Parameters.AddWithValue("$input", inputFileId);
                command.Parameters.AddWithValue("$window", completionWindow);
                command.Parameters.AddWithValue("$status", BatchStatus.InProgress);
                command.Parameters.AddWithValue("$metadata", ToDb(metadata));
                command.Parameters.AddWithValue("$created", created.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$expires", expires.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$total", lines.Count);
                command.Parameters.AddWithValue("$customer", caller.Subject);
                command.Parameters.AddWithValue("$key", caller.KeyName);
                command.ExecuteNonQuery();
            }

            using (var insert = _connection.CreateCommand())
            {
                insert.CommandText = "INSERT INTO batch_lines (batch_id, line, custom_id, url, body, state) VALUES ($batch, $line, $custom, $url, $body, 'pending')";
                insert.Parameters.AddWithValue("$batch", id);
                var line = insert.Parameters.Add("$line", SqliteType.Integer);
                var custom = insert.Parameters.Add("$custom", SqliteType.Text);
                var url = insert.Parameters.Add("$url", SqliteType.Text);
                var body = insert.Parameters.Add("$body", SqliteType.Text);
                foreach (var item in lines)
                {
                    line.Value = item.Line;
                    custom.Value = item.CustomId;
                    url.Value = item.Url;
                    body.Value = item.Body;
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return ReadBatches("WHERE b.id = $id", ("$id", id)).Single();
        }
    }

    public BatchRecord? FindBatch(string id)
    {
        lock (_lock)
        {
            return ReadBatches("WHERE b.id = $id", ("$id", id)).SingleOrDefault();
        }
    }

    /// <summary>Newest first; <paramref name="after"/> continues a listing after that batch.</summary>
    public (IReadOnlyList<BatchRecord> Batches, bool HasMore) ListBatches(string customer, string? after, int limit)
    {
        lock (_lock)
        {
            var rows = after is null
                ? ReadBatches("WHERE b.customer = $customer ORDER BY b.seq DESC LIMIT $limit", ("$customer", customer), ("$limit", limit + 1))
                : ReadBatches(
                    "WHERE b.customer = $customer AND b.seq < (SELECT seq FROM batches WHERE id = $after) ORDER BY b.seq DESC LIMIT $limit",
                    ("$customer", customer), ("$after", after), ("$limit", limit + 1));
            return (rows.Take(limit).ToList(), rows.Count > limit);
        }
    }

    /// <summary>Batches the runner still works on (in progress or cancelling), oldest first.</summary>
    public IReadOnlyList<BatchRecord> ActiveBatches()
    {
        lock (_lock)
        {
            return ReadBatches("WHERE b.status IN ('in_progress', 'cancelling') ORDER BY b.seq");
        }
    }

    /// <summary>
    /// Moves an in-progress batch to cancelling (committed before it returns). Returns the batch as it is afterwards,
    /// whatever its status, or null when there is none.
    /// </summary>
    public BatchRecord? RequestCancel(string id, DateTimeOffset now)
    {
        lock (_lock)
        {
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "UPDATE batches SET status = 'cancelling', cancelling_at_ms = $now WHERE id = $id AND status IN ('validating', 'in_progress')";
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }

            return ReadBatches("WHERE b.id = $id", ("$id", id)).SingleOrDefault();
        }
    }

    private List<BatchRecord> ReadBatches(string where, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = BatchColumns + "\n" + where;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var batches = new List<BatchRecord>();
        while (reader.Read())
        {
            batches.Add(new BatchRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                FromMs(reader.GetInt64(6)),
                FromMs(reader.GetInt64(7)),
                FromMs(reader, 8),
                FromMs(reader, 9),
                FromMs(reader, 10),
                FromMs(reader, 11),
                FromMs(reader, 12),
                FromMs(reader, 13),
                reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                new BatchCounts(reader.GetInt32(16), reader.GetInt32(17), reader.GetInt32(18))) { Customer = reader.GetString(19), KeyName = reader.GetString(20) });
        }

        return batches;
    }
}
