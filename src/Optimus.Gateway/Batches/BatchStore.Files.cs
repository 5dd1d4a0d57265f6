using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Batches;

/// <summary>Files: uploads within the customer's quota, reads, the customer's listing, and deletion.</summary>
internal sealed partial class BatchStore
{
    private const string FileColumns = "SELECT id, purpose, filename, bytes, created_at_ms, customer FROM files";

    public void AddFile(StoredFile file, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            InsertFile(command, file, content);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Stores <paramref name="file"/> unless its customer would then hold more than <paramref name="maxBytes"/> or
    /// <paramref name="maxFiles"/> files; the check and the insert are one step, so parallel uploads cannot pass it together.
    /// </summary>
    public (bool Stored, long UsedBytes, int UsedFiles) AddFileWithinQuota(StoredFile file, byte[] content, long maxBytes, int maxFiles)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_lock)
        {
            var (usedBytes, usedFiles) = Usage(file.Customer);
            if (usedBytes + file.Bytes > maxBytes || usedFiles + 1 > maxFiles)
            {
                return (false, usedBytes, usedFiles);
            }

            using var command = _connection.CreateCommand();
            InsertFile(command, file, content);
            command.ExecuteNonQuery();
            return (true, usedBytes + file.Bytes, usedFiles + 1);
        }
    }

    public StoredFile? FindFile(string id)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = FileColumns + " WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadFile(reader) : null;
        }
    }

    /// <summary>The customer's files, newest first; <paramref name="after"/> continues a listing after that file.</summary>
    public (IReadOnlyList<StoredFile> Files, bool HasMore) ListFiles(string customer, string? purpose, string? after, int limit)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = FileColumns + """
                 WHERE customer = $customer AND ($purpose IS NULL OR purpose = $purpose)
                   AND ($after IS NULL OR rowid < (SELECT rowid FROM files WHERE id = $after AND customer = $customer))
                 ORDER BY rowid DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$customer", customer);
            command.Parameters.AddWithValue("$purpose", ToDb(purpose));
            command.Parameters.AddWithValue("$after", ToDb(after));
            command.Parameters.AddWithValue("$limit", limit + 1);
            var files = new List<StoredFile>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                files.Add(ReadFile(reader));
            }

            return files.Count > limit ? (files[..limit], true) : (files, false);
        }
    }

    /// <summary>Deletes the customer's file; false when there is none by that id of theirs.</summary>
    public bool DeleteFile(string id, string customer)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM files WHERE id = $id AND customer = $customer";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$customer", customer);
            return command.ExecuteNonQuery() == 1;
        }
    }

    public byte[]? ReadFileContent(string id)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT content FROM files WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteScalar() as byte[];
        }
    }

    private (long Bytes, int Files) Usage(string customer)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(bytes), 0), COUNT(*) FROM files WHERE customer = $customer";
        command.Parameters.AddWithValue("$customer", customer);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt32(1));
    }

    private static StoredFile ReadFile(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), FromMs(reader.GetInt64(4))) { Customer = reader.GetString(5) };

    private static void InsertFile(SqliteCommand command, StoredFile file, byte[] content)
    {
        command.CommandText = """
            INSERT INTO files (id, purpose, filename, bytes, created_at_ms, content, customer)
            VALUES ($file_id, $purpose, $filename, $bytes, $created, $content, $customer)
            """;
        command.Parameters.AddWithValue("$file_id", file.Id);
        command.Parameters.AddWithValue("$purpose", file.Purpose);
        command.Parameters.AddWithValue("$filename", file.Filename);
        command.Parameters.AddWithValue("$bytes", file.Bytes);
        command.Parameters.AddWithValue("$created", file.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$content", content);
        command.Parameters.AddWithValue("$customer", file.Customer);
    }
}
