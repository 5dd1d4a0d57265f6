using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Storage;

/// <summary>The journal's and the quarantine's SQLite files: WAL mode, one unpooled connection per opener.</summary>
internal static class WalDatabase
{
    /// <summary>Creates <paramref name="fileName"/> in <paramref name="dataDirectory"/> with <paramref name="schema"/>; returns its full path and connection string.</summary>
    public static (string Path, string ConnectionString) Create(string dataDirectory, string fileName, string schema)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, fileName));
        DataFolder.PrepareDatabase(path); // the folder 0700, the file 0600 before SQLite first opens it
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        using var connection = Open(connectionString);
        using var command = connection.CreateCommand();
        command.CommandText = schema;
        command.ExecuteNonQuery();
        return (path, connectionString);
    }

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
