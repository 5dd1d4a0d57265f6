using System.CommandLine;
using Optimus.Gateway.Accounts;

namespace Optimus.Cli;

/// <summary>Where `optimus keys` and `optimus owner` find the accounts: a data folder's accounts.db, or a cluster's PostgreSQL.</summary>
internal static class AccountsOptions
{
    public const string ClusterDatabaseVariable = "OPTIMUS_CLUSTER_DB";

    public static Option<string?> ClusterDatabase() => new("--cluster-db")
    {
        Description = $"Act on the accounts of the cluster in this PostgreSQL database (what `optimus up --cluster-db` uses) instead of --data's accounts.db (default: {ClusterDatabaseVariable})",
    };

    /// <summary>The cluster's accounts when a cluster database is given (the option, else the environment), else the folder's.</summary>
    public static AccountsDatabase Open(ParseResult result, Option<string?> clusterDatabase, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(result);
        var connection = result.GetValue(clusterDatabase);
        if (string.IsNullOrWhiteSpace(connection))
        {
            connection = Environment.GetEnvironmentVariable(ClusterDatabaseVariable);
        }

        return AccountsDatabase.For(connection, dataDirectory);
    }
}
