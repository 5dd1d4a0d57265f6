namespace Optimus.Core.Vehicles;

/// <summary>
/// How often agents heartbeat and how long a lease lasts without one. A vehicle that misses
/// <see cref="MissedHeartbeats"/> heartbeats in a row is treated as gone.
/// </summary>
public sealed record LeaseTiming(TimeSpan HeartbeatInterval, int MissedHeartbeats = 3)
{
    public static LeaseTiming Default { get; } = new(TimeSpan.FromSeconds(1));

    public TimeSpan LeaseDuration => HeartbeatInterval * MissedHeartbeats;

    public bool HasExpired(DateTimeOffset lastHeartbeat, DateTimeOffset now) => now - lastHeartbeat > LeaseDuration;
}
