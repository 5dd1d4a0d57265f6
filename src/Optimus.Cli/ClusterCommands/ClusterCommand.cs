using System.CommandLine;
using Optimus.Gateway.Cluster;
using Optimus.Ledger;

namespace Optimus.Cli.ClusterCommands;

/// <summary>`optimus cluster migrate`: prepares a PostgreSQL database for cluster mode (membership, accounts and ledger schemas).</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var database = new Option<string?>("--cluster-db") { Description = "PostgreSQL connection string (default: OPTIMUS_CLUSTER_DB)" };
        var migrate = new Command("migrate", "Create or upgrade the cluster's tables (idempotent; every gateway also runs it when it starts)") { database };
        migrate.SetAction(async (result, cancellationToken) =>
        {
            var connection = result.GetValue(database) ?? Environment.GetEnvironmentVariable("OPTIMUS_CLUSTER_DB");
            if (string.IsNullOrWhiteSpace(connection))
            {
                Console.Error.WriteLine("optimus cluster migrate: give the database with --cluster-db or OPTIMUS_CLUSTER_DB, e.g. 'Host=127.0.0.1;Username=optimus;Database=optimus'.");
                return 2;
            }

            try
            {
                await ClusterSchema.MigrateAsync(connection, cancellationToken);
                await using var ledger = await LedgerStores.OpenPostgresAsync(connection, cancellationToken: cancellationToken);
                Console.Error.WriteLine("optimus cluster migrate: membership, accounts and ledger schemas are up to date.");
                return 0;
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or ArgumentException)
            {
                Console.Error.WriteLine($"optimus cluster migrate: {ex.Message}");
                return 1;
            }
        });
        return new Command("cluster", "Cluster mode on PostgreSQL") { migrate };
    }
}
