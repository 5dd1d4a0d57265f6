using Optimus.Abstractions;

namespace Optimus.Gateway.Devices;

/// <summary>One try of a job on one vehicle, under one lease: its placement, the vehicle's session and its events.</summary>
internal sealed record Attempt(JobHandle Handle, AgentSession Session, Placement Placement);
