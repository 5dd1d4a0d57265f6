using Optimus.Core.Vehicles;

namespace Optimus.Agent;

/// <summary>How an agent identifies itself and where it connects.</summary>
public sealed record AgentOptions(Uri Coordinator, string VehicleId, HardwareProfile Profile)
{
    public const string Version = "0.1.0";

    /// <summary>First reconnect delay ceiling; doubles per failed attempt up to <see cref="ReconnectCap"/>.</summary>
    public TimeSpan ReconnectBase { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReconnectCap { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The region the vehicle is in; requests may require one.</summary>
    public string Region { get; init; } = DefaultRegion;

    public const string DefaultRegion = "local";
}
