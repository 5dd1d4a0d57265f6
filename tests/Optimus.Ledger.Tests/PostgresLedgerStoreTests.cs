using Npgsql;

namespace Optimus.Ledger.Tests;

/// <summary>
/// The conformance suite on PostgreSQL, one fresh schema per test in the database named by OPTIMUS_TEST_POSTGRES.
/// Without that variable these tests fail (they are not skipped): the PostgreSQL store must be tested, not assumed.
/// </summary>
public sealed class PostgresLedgerStoreTests : LedgerStoreConformanceTests
{
    public const string Variable = "OPTIMUS_TEST_POSTGRES";

    private readonly string _schema = "ledger_test_" + Guid.NewGuid().ToString("N");
    private string? _connectionString;

    protected override async Task<ILedgerStore> OpenStoreAsync()
    {
        if (_connectionString is null)
        {
            var server = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(server))
            {
                Assert.Fail($"{Variable} is not set, so the PostgreSQL ledger cannot be tested. Start a throwaway server on "
                    + $"127.0.0.1 and rerun: export {Variable}=\"$(scripts/postgres-for-tests.sh)\"");
            }
            await ExecuteAsync(server, $"CREATE SCHEMA {_schema}");
            _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema, MaxPoolSize = 60 }.ToString();
        }
        return await LedgerStores.OpenPostgresAsync(_connectionString, Time);
    }

    protected override async Task DeleteDataAsync()
    {
        if (_connectionString is not null)
        {
            await ExecuteAsync(Environment.GetEnvironmentVariable(Variable)!, $"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
