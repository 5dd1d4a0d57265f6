using Optimus.Core.Vehicles;

namespace Optimus.Agent;

/// <summary>How an agent identifies itself and where it connects.</summary>
public sealed record AgentOptions(Uri Coordinator, string VehicleId, HardwareProfile Profile)
{
    public const string Version = "0.1.0";

    /// <summary>
    /// Other gateways of the same cluster to try, in turn after <see cref="Coordinator"/>, whenever a connection fails or
    /// ends: a vehicle keeps serving when the gateway it was connected to dies.
    /// </summary>
    public IReadOnlyList<Uri> AlternateCoordinators { get; init; } = [];

    /// <summary>First reconnect delay ceiling; doubles per failed attempt up to <see cref="ReconnectCap"/>.</summary>
    public TimeSpan ReconnectBase { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReconnectCap { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The region the vehicle is in; requests may require one.</summary>
    public string Region { get; init; } = DefaultRegion;

    public const string DefaultRegion = "local";

    /// <summary>
    /// This vehicle's credential (<c>vc-opt-…</c>, printed by <c>optimus owner enrol</c>); each registration proves it
    /// without sending it. Null: register without a proof, which only a coordinator run with <c>--no-auth</c> accepts.
    /// </summary>
    public string? Credential { get; init; }

    /// <summary>For an https:// coordinator: the SHA-256 of its certificate (hex); any other certificate is refused.</summary>
    public string? CoordinatorCertificateSha256 { get; init; }

    /// <summary>For an https:// coordinator: a CA (or the coordinator's own certificate) to trust instead of the system's.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? CoordinatorCa { get; init; }
}
