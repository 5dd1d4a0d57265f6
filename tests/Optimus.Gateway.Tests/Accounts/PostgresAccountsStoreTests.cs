using Npgsql;
using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Tests.Accounts;

/// <summary>
/// The conformance suite on PostgreSQL, one fresh schema per test in the database named by OPTIMUS_TEST_POSTGRES (the
/// accounts tables are made by the cluster's migration step, as a gateway makes them). Without that variable these tests
/// fail (they are not skipped): the PostgreSQL store must be tested, not assumed.
/// </summary>
public sealed class PostgresAccountsStoreTests : AccountsStoreConformanceTests
{
    public const string Variable = "OPTIMUS_TEST_POSTGRES";

    private readonly string _schema = "accounts_test_" + Guid.NewGuid().ToString("N");
    private string? _connectionString;

    protected override AccountsDatabase OpenDatabase()
    {
        if (_connectionString is null)
        {
            var server = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(server))
            {
                Assert.Fail($"{Variable} is not set, so the PostgreSQL accounts cannot be tested. Start a throwaway server on "
                    + $"127.0.0.1 and rerun: export {Variable}=\"$(scripts/postgres-for-tests.sh)\"");
            }

            Execute(server, $"CREATE SCHEMA {_schema}");
            _connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = _schema }.ToString();
        }

        return AccountsDatabase.Postgres(_connectionString);
    }

    protected override void DeleteData()
    {
        if (_connectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            Execute(Environment.GetEnvironmentVariable(Variable)!, $"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
