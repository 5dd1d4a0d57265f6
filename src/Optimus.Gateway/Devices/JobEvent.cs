using Google.Protobuf.Collections;
using Optimus.Protocol;

namespace Optimus.Gateway.Devices;

/// <summary>What happens to a job, in order, as the request handler reads it.</summary>
internal abstract record JobEvent
{
    public sealed record Tokens(RepeatedField<Token> Items) : JobEvent;

    public sealed record Finished(JobFinished Result) : JobEvent;

    public sealed record Failed(string Code, string Message) : JobEvent;

    /// <summary>The vehicle's connection or lease ended before the job finished.</summary>
    public sealed record Lost(string Reason) : JobEvent;
}
