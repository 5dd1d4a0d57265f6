namespace Optimus.Protocol;

/// <summary>
/// The vehicle channel's message bounds, the same on both ends (the gateway's gRPC service and the agent's channel), so
/// that nothing one side may send is refused by the other's receive limit, which would reset the vehicle's whole
/// session and every job on it.
/// </summary>
public static class VehicleChannelLimits
{
    /// <summary>
    /// The largest message either side sends or accepts: 16 MiB. The gateway accepts request bodies of about 4 MiB,
    /// and a job assignment carries the prompt (protobuf strings are never longer than the JSON that held them) plus at
    /// most a context's worth of prefix token ids (5 bytes each at most), so an accepted request fits with room to spare.
    /// An assignment that would still be larger fails its request before it is sent (see the gateway's AgentSession).
    /// </summary>
    public const int MaxMessageBytes = 16 << 20;

    /// <summary>
    /// The most prompt text, in UTF-8 bytes, a job may carry to a vehicle: 1 MiB, a sixteenth of
    /// <see cref="MaxMessageBytes"/>. The gateway's API refuses longer prompts, and also bounds what one job may send back.
    /// </summary>
    public const int MaxPromptBytes = 1 << 20;

    /// <summary>Messages the gateway may queue for one vehicle before it stops taking more (backpressure).</summary>
    public const int OutboundQueueCapacity = 256;
}
