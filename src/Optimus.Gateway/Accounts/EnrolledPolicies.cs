using Microsoft.Data.Sqlite;
using Optimus.Abstractions;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// The policies owners stored for their enrolled vehicles (<c>optimus owner policy</c>, <c>PUT /owner/v1/vehicles/{id}/policy</c>),
/// in memory, for the vehicle channel: a stored policy takes precedence over the one the vehicle's agent reports in its
/// registration and heartbeats, so an owner's opt-out or hours hold from the vehicle's next heartbeat whatever the car
/// says. Vehicles without a stored policy keep their agent's. Like <see cref="KeyRing"/>, each lookup first reads
/// <c>PRAGMA data_version</c> on one long-lived connection (no table is touched) and reloads only after another
/// connection has committed to the accounts database, so the heartbeat path never opens a connection.
/// </summary>
internal sealed class EnrolledPolicies : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _dataVersion;
    private readonly Lock _lock = new();
    private Dictionary<string, OwnerPolicyState> _policies;
    private long _version;

    public EnrolledPolicies(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = AccountsDatabase.Open(options.DataDirectory);
        _dataVersion = _connection.CreateCommand();
        _dataVersion.CommandText = "PRAGMA data_version";
        _dataVersion.Prepare();
        _version = (long)_dataVersion.ExecuteScalar()!;
        _policies = OwnerStore.ReadPolicies(_connection);
    }

    /// <summary>The policy the coordinator enforces for <paramref name="vehicleId"/>: its owner's stored one, else <paramref name="reported"/>.</summary>
    public OwnerPolicyState For(string vehicleId, OwnerPolicyState reported)
    {
        lock (_lock)
        {
            var version = (long)_dataVersion.ExecuteScalar()!;
            if (version != _version)
            {
                _policies = OwnerStore.ReadPolicies(_connection);
                _version = version;
            }

            return _policies.GetValueOrDefault(vehicleId, reported);
        }
    }

    public void Dispose()
    {
        _dataVersion.Dispose();
        _connection.Dispose();
    }
}
