using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Tests.Accounts;

/// <summary>The conformance suite on SQLite: a fresh data folder per test.</summary>
public sealed class SqliteAccountsStoreTests : AccountsStoreConformanceTests
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "optimus-gateway-tests", Guid.NewGuid().ToString("N"));

    protected override AccountsDatabase OpenDatabase() => AccountsDatabase.Sqlite(_data);

    protected override void DeleteData()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
