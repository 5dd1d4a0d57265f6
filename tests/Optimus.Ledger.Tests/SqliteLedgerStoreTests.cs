namespace Optimus.Ledger.Tests;

/// <summary>The conformance suite on the embedded SQLite store, one temporary database file per test.</summary>
public sealed class SqliteLedgerStoreTests : LedgerStoreConformanceTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("optimus-ledger-").FullName;

    protected override Task<ILedgerStore> OpenStoreAsync() => LedgerStores.OpenSqliteAsync(Path.Combine(_folder, "ledger.db"), Time);

    [Fact]
    public async Task OpenSqlite_NewFile_WalJournal()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "ledger.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    protected override Task DeleteDataAsync()
    {
        // Pooled connections keep the file open until the pool lets go of them.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
