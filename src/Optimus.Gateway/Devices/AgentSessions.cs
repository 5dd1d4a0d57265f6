using System.Collections.Concurrent;

namespace Optimus.Gateway.Devices;

/// <summary>The vehicles connected to this gateway, by id. A new connection for a vehicle replaces (and closes) the old.</summary>
internal sealed class AgentSessions
{
    private readonly ConcurrentDictionary<string, AgentSession> _sessions = new(StringComparer.Ordinal);
    private int _largestContext;

    public int Count => _sessions.Count;

    /// <summary>The deepest outbound queue of any connected vehicle (a scan: for operators, not the request path).</summary>
    public int LargestOutboundDepth => _sessions.Values.Select(s => s.OutboundDepth).DefaultIfEmpty(0).Max();

    /// <summary>
    /// The largest context of any vehicle that has connected (0 before the first): <c>optimus-auto</c> sends longer
    /// prompts to the cloud. It is not lowered when vehicles leave, which keeps it O(1); a fleet serves one edge model.
    /// </summary>
    public int LargestContextLength => Volatile.Read(ref _largestContext);

    public void Add(AgentSession session)
    {
        for (var seen = Volatile.Read(ref _largestContext); session.ContextLength > seen;)
        {
            var found = Interlocked.CompareExchange(ref _largestContext, session.ContextLength, seen);
            if (found == seen)
            {
                break;
            }

            seen = found;
        }

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
