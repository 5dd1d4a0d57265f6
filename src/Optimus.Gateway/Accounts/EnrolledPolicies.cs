using Optimus.Abstractions;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// The policies owners stored for their enrolled vehicles (<c>optimus owner policy</c>, <c>PUT /owner/v1/vehicles/{id}/policy</c>),
/// in memory, for the vehicle channel: a stored policy takes precedence over the one the vehicle's agent reports in its
/// registration and heartbeats, so an owner's opt-out or hours hold from the vehicle's next heartbeat whatever the car
/// says. Vehicles without a stored policy keep their agent's. Like <see cref="KeyRing"/>, each lookup first asks whether
/// anyone committed to the accounts (<see cref="AccountsCache{T}"/>, no table is touched) and reloads only then, so the
/// heartbeat path opens no connection on SQLite and reads one counter row on PostgreSQL.
/// </summary>
internal sealed class EnrolledPolicies(AccountsDatabase database) : IDisposable
{
    private readonly AccountsCache<Dictionary<string, OwnerPolicyState>> _policies = new(database, OwnerStore.ReadPolicies);

    /// <summary>The policy the coordinator enforces for <paramref name="vehicleId"/>: its owner's stored one, else <paramref name="reported"/>.</summary>
    public OwnerPolicyState For(string vehicleId, OwnerPolicyState reported) => _policies.Current().GetValueOrDefault(vehicleId, reported);

    public void Dispose() => _policies.Dispose();
}
