using System.Data.Common;
using static Optimus.Ledger.Storage.SqlCommands;

namespace Optimus.Ledger.Storage;

/// <summary>Row reading, in the subset of SQL that SQLite and PostgreSQL share (commands: <see cref="SqlCommands"/>).</summary>
internal abstract partial class SqlLedgerStore
{
    private static async Task<Account?> ReadAccountAsync(DbConnection connection, DbTransaction? transaction, UInt128 id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, SqlText.SelectAccount, ("@id", Ids.ToBytes(id)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new Account(
            Ids.FromBytes((byte[])reader[0]), (uint)reader.GetInt64(1), (ushort)reader.GetInt32(2),
            (AccountFlags)reader.GetInt32(3), Ids.FromBytes((byte[])reader[4]))
        {
            DebitsPosted = reader.GetInt64(5),
            CreditsPosted = reader.GetInt64(6),
            Timestamp = reader.GetInt64(7),
        };
    }

    private static async Task<Transfer?> ReadTransferAsync(DbConnection connection, DbTransaction? transaction, UInt128 id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, SqlText.SelectTransfer, ("@id", Ids.ToBytes(id)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadTransfer(reader) : null;
    }

    private static Transfer ReadTransfer(DbDataReader reader) => new(
        Ids.FromBytes((byte[])reader[0]), Ids.FromBytes((byte[])reader[1]), Ids.FromBytes((byte[])reader[2]),
        reader.GetInt64(3), (uint)reader.GetInt64(4), (ushort)reader.GetInt32(5), Ids.FromBytes((byte[])reader[6]))
    {
        Timestamp = reader.GetInt64(7),
    };
}
