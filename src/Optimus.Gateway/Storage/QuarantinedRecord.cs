namespace Optimus.Gateway.Storage;

/// <summary>One record set aside: when, by which loop, why, and the record itself as JSON.</summary>
internal sealed record QuarantinedRecord(DateTimeOffset At, string Source, string Reason, string Record);
