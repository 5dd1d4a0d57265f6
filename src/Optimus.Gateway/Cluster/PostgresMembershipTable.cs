using System.Data;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Optimus.Gateway.Cluster;

/// <summary>
/// Orleans cluster membership on PostgreSQL (cluster mode). Each silo incarnation is a row holding Orleans' own
/// serialized <see cref="MembershipEntry"/> and an integer etag; the cluster's table version is a row with its own etag.
/// Inserts and updates are conditional on both etags inside one transaction, so concurrent writers cannot both win,
/// which is what Orleans' membership protocol requires. "I am alive" is a separate column, written without an etag.
/// </summary>
internal sealed class PostgresMembershipTable(ClusterConnection cluster, IOptions<ClusterOptions> clusterOptions, Serializer<MembershipEntry> serializer) : IMembershipTable
{
    private readonly string _clusterId = clusterOptions.Value.ClusterId;

    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await ClusterSchema.MigrateAsync(cluster.ConnectionString);
        if (tryInitTableVersion)
        {
            await using var connection = await OpenAsync();
            await ExecuteAsync(connection, null, "INSERT INTO optimus_membership_version (cluster_id, version, etag) VALUES ($1, 0, 0) ON CONFLICT (cluster_id) DO NOTHING", _clusterId);
        }
    }

    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, null, "DELETE FROM optimus_membership_version WHERE cluster_id = $1", clusterId);
    }

    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, null, "DELETE FROM optimus_membership WHERE cluster_id = $1 AND status = $2 AND i_am_alive < $3",
            _clusterId, (int)SiloStatus.Dead, beforeDate.UtcDateTime);
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadAsync(key);

    public Task<MembershipTableData> ReadAll() => ReadAsync(null);

    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (!await BumpVersionAsync(connection, transaction, tableVersion))
        {
            return false;
        }

        var inserted = await ExecuteAsync(connection, transaction, """
            INSERT INTO optimus_membership (cluster_id, silo, status, entry, etag, i_am_alive) VALUES ($1, $2, $3, $4, 0, $5)
            ON CONFLICT (cluster_id, silo) DO NOTHING
            """, _clusterId, entry.SiloAddress.ToParsableString(), (int)entry.Status, serializer.SerializeToArray(entry), AliveTime(entry));
        if (inserted != 1)
        {
            return false;
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!long.TryParse(etag, out var expected))
        {
            return false;
        }

        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (!await BumpVersionAsync(connection, transaction, tableVersion))
        {
            return false;
        }

        var updated = await ExecuteAsync(connection, transaction, """
            UPDATE optimus_membership SET status = $3, entry = $4, etag = etag + 1, i_am_alive = GREATEST(i_am_alive, $6)
            WHERE cluster_id = $1 AND silo = $2 AND etag = $5
            """, _clusterId, entry.SiloAddress.ToParsableString(), (int)entry.Status, serializer.SerializeToArray(entry), expected, AliveTime(entry));
        if (updated != 1)
        {
            return false;
        }

        await transaction.CommitAsync();
        return true;
    }

    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, null, "UPDATE optimus_membership SET i_am_alive = $3 WHERE cluster_id = $1 AND silo = $2",
            _clusterId, entry.SiloAddress.ToParsableString(), AliveTime(entry));
    }

    // The version row moves only if the caller's etag is still the current one.
    private async Task<bool> BumpVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableVersion tableVersion)
    {
        if (!long.TryParse(tableVersion.VersionEtag, out var etag))
        {
            return false;
        }

        return await ExecuteAsync(connection, transaction,
            "UPDATE optimus_membership_version SET version = $2, etag = etag + 1 WHERE cluster_id = $1 AND etag = $3",
            _clusterId, tableVersion.Version, etag) == 1;
    }

    // The version and the rows in one snapshot (REPEATABLE READ), as the contract requires.
    private async Task<MembershipTableData> ReadAsync(SiloAddress? silo)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        TableVersion version;
        await using (var command = Command(connection, transaction, "SELECT version, etag FROM optimus_membership_version WHERE cluster_id = $1", _clusterId))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            version = await reader.ReadAsync() ? new TableVersion(reader.GetInt32(0), reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture)) : new TableVersion(0, "0");
        }

        var rows = new List<Tuple<MembershipEntry, string>>();
        var sql = "SELECT entry, etag, i_am_alive FROM optimus_membership WHERE cluster_id = $1" + (silo is null ? string.Empty : " AND silo = $2");
        await using (var command = silo is null ? Command(connection, transaction, sql, _clusterId) : Command(connection, transaction, sql, _clusterId, silo.ToParsableString()))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var entry = serializer.Deserialize((byte[])reader[0]) ?? throw new InvalidDataException("A membership row could not be read.");
                entry.IAmAliveTime = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc);
                rows.Add(Tuple.Create(entry, reader.GetInt64(1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        await transaction.CommitAsync();
        return new MembershipTableData(rows, version);
    }

    private static DateTime AliveTime(MembershipEntry entry) =>
        DateTime.SpecifyKind(entry.IAmAliveTime == default ? entry.StartTime : entry.IAmAliveTime, DateTimeKind.Utc);

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}

/// <summary>The cluster's PostgreSQL connection string (cluster mode).</summary>
internal sealed record ClusterConnection(string ConnectionString);
