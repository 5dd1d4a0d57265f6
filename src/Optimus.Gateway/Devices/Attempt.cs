using Optimus.Abstractions;

namespace Optimus.Gateway.Devices;

/// <summary>
/// One try of a job on one vehicle, under one lease: its placement, the vehicle's session and its events.
/// <see cref="JobId"/> is the request's id, or a derived one for a hedge running beside it. <see cref="Log"/> is the
/// request's record of attempts, which this one joins when it is released.
/// </summary>
internal sealed record Attempt(string JobId, JobHandle Handle, IVehicleLink Session, Placement Placement, AttemptLog Log, int Number, DateTimeOffset Started, long SentTimestamp);
