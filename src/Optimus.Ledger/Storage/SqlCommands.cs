using System.Data.Common;

namespace Optimus.Ledger.Storage;

/// <summary>
/// Command building for SQL written once for both SQLite and PostgreSQL (Npgsql): <c>@name</c> parameters, which both
/// accept. The ledger's stores use it, and so do the gateway's accounts stores, which share the same two databases.
/// </summary>
public static class SqlCommands
{
    /// <summary>A command for <paramref name="sql"/> in <paramref name="transaction"/> with the given parameters.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
