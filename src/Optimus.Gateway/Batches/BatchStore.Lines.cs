using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Batches;

/// <summary>Lines: the next pending ones, their results, and the finalization that writes the output files.</summary>
internal sealed partial class BatchStore
{
    /// <summary>Up to <paramref name="limit"/> pending lines of in-progress batches, oldest batch first, in line order.</summary>
    public IReadOnlyList<BatchLine> PendingLines(int limit)
    {
        lock (_lock)
        {
            var lines = new List<BatchLine>();
            var batches = ReadBatches("WHERE b.status = 'in_progress' AND b.completed + b.failed < b.total ORDER BY b.seq");
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT line, custom_id, url, body FROM batch_lines WHERE batch_id = $batch AND state = 'pending' ORDER BY line LIMIT $limit";
            var batchId = command.Parameters.Add("$batch", SqliteType.Text);
            var remaining = command.Parameters.Add("$limit", SqliteType.Integer);
            foreach (var batch in batches)
            {
                if (lines.Count >= limit)
                {
                    break;
                }

                // One indexed range read per batch (the partial index on pending lines), never a sort of all of them.
                batchId.Value = batch.Id;
                remaining.Value = limit - lines.Count;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    lines.Add(new BatchLine(batch.Id, reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) { Customer = batch.Customer, KeyName = batch.KeyName });
                }
            }

            return lines;
        }
    }

    /// <summary>Commits a line's answer; false when the line was no longer pending (its result stays the first one).</summary>
    public bool RecordResult(BatchLine line, LineResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.CommandText = """
                UPDATE batch_lines SET state = $state, result_id = $result, request_id = $request, status_code = $status, response = $response, finished_at_ms = $now
                WHERE batch_id = $batch AND line = $line AND state = 'pending'
                """;
            command.Parameters.AddWithValue("$state", result.State);
            command.Parameters.AddWithValue("$result", result.ResultId);
            command.Parameters.AddWithValue("$request", result.RequestId);
            command.Parameters.AddWithValue("$status", result.StatusCode);
            command.Parameters.AddWithValue("$response", result.Body);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$batch", line.BatchId);
            command.Parameters.AddWithValue("$line", line.Line);
            if (command.ExecuteNonQuery() != 1)
            {
                return false;
            }

            using var count = _connection.CreateCommand();
            count.CommandText = result.State == LineState.Completed
                ? "UPDATE batches SET completed = completed + 1 WHERE id = $batch"
                : "UPDATE batches SET failed = failed + 1 WHERE id = $batch";
            count.Parameters.AddWithValue("$batch", line.BatchId);
            count.ExecuteNonQuery();
            transaction.Commit();
            return true;
        }
    }

    /// <summary>
    /// Ends an active batch in one transaction: lines still pending become expired or cancelled, the output and error
    /// files are written, and the batch takes its final status. False when the batch was not active.
    /// </summary>
    public bool FinalizeBatch(string batchId, string finalStatus, DateTimeOffset now)
    {
        var (pendingState, stampColumn) = finalStatus switch
        {
            BatchStatus.Completed => (null, "completed_at_ms"),
            BatchStatus.Expired => (LineState.Expired, "expired_at_ms"),
            BatchStatus.Cancelled => (LineState.Cancelled, "cancelled_at_ms"),
            _ => throw new ArgumentOutOfRangeException(nameof(finalStatus), finalStatus, "Not a final batch status."),
        };
        var nowMs = now.ToUnixTimeMilliseconds();
        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            using (var close = _connection.CreateCommand())
            {
                close.CommandText = """
                    UPDATE batch_lines SET state = $state, result_id = 'batch_req_' || lower(hex(randomblob(16))), finished_at_ms = $now
                    WHERE batch_id = $batch AND state = 'pending'
                    """;
                close.Parameters.AddWithValue("$state", pendingState ?? LineState.Pending);
                close.Parameters.AddWithValue("$now", nowMs);
                close.Parameters.AddWithValue("$batch", batchId);
                close.ExecuteNonQuery();
            }

            var (output, errors) = WriteOutputs(batchId);
            var outputId = AddOutputFile(batchId, "output", output, now);
            var errorId = AddOutputFile(batchId, "error", errors, now);
            using var finish = _connection.CreateCommand();
            finish.CommandText = $"""
                UPDATE batches SET status = $status, finalizing_at_ms = $now, {stampColumn} = $now, output_file_id = $output, error_file_id = $error
                WHERE id = $batch AND status IN ('in_progress', 'cancelling')
                """;
            finish.Parameters.AddWithValue("$status", finalStatus);
            finish.Parameters.AddWithValue("$now", nowMs);
            finish.Parameters.AddWithValue("$output", ToDb(outputId));
            finish.Parameters.AddWithValue("$error", ToDb(errorId));
            finish.Parameters.AddWithValue("$batch", batchId);
            if (finish.ExecuteNonQuery() != 1)
            {
                transaction.Rollback();
                return false;
            }

            transaction.Commit();
            return true;
        }
    }

    private (ArrayBufferWriter<byte> Output, ArrayBufferWriter<byte> Errors) WriteOutputs(string batchId)
    {
        var output = new ArrayBufferWriter<byte>();
        var errors = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(output);
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT custom_id, state, result_id, request_id, status_code, response FROM batch_lines WHERE batch_id = $batch ORDER BY line";
        command.Parameters.AddWithValue("$batch", batchId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var state = reader.GetString(1);
            var target = state == LineState.Completed ? output : errors;
            writer.Reset(target);
            BatchOutput.WriteLine(
                writer,
                reader.GetString(2),
                reader.GetString(0),
                state,
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5));
            writer.Flush();
            target.Write("\n"u8);
        }

        return (output, errors);
    }

    private string? AddOutputFile(string batchId, string kind, ArrayBufferWriter<byte> content, DateTimeOffset now)
    {
        if (content.WrittenCount == 0)
        {
            return null;
        }

        var customer = ReadBatches("WHERE b.id = $id", ("$id", batchId)).Single().Customer;
        var file = new StoredFile("file-" + Guid.NewGuid().ToString("N"), StoredFile.BatchOutputPurpose, $"{batchId}_{kind}.jsonl", content.WrittenCount, now) { Customer = customer };
        using var command = _connection.CreateCommand();
        InsertFile(command, file, content.WrittenSpan.ToArray());
        command.ExecuteNonQuery();
        return file.Id;
    }
}
