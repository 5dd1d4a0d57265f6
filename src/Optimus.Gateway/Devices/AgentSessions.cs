using System.Collections.Concurrent;

namespace Optimus.Gateway.Devices;

/// <summary>The vehicles connected to this gateway, by id. A new connection for a vehicle replaces (and closes) the old.</summary>
internal sealed class AgentSessions
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public void Add(AgentSession session)
    {
        AgentSession? replaced = null;
        _sessions.AddOrUpdate(session.VehicleId, session, (_, old) =>
        {
            replaced = old;
            return session;
        });
        replaced?.Close();
    }

    public void Remove(AgentSession session) =>
        _sessions.TryRemove(new KeyValuePair<string, AgentSession>(session.VehicleId, session));

    /// <summary>The session holding the given lease, or null when the vehicle has reconnected or left.</summary>
    public AgentSession? Find(string vehicleId, long leaseEpoch) =>
        _sessions.TryGetValue(vehicleId, out var session) && session.LeaseEpoch == leaseEpoch ? session : null;
}
