namespace Optimus.Gateway.Batches;

/// <summary>A batch as stored: what it runs, its status with the time it entered each, its output files and counts.</summary>
internal sealed record BatchRecord(
    string Id,
    string Endpoint,
    string InputFileId,
    string CompletionWindow,
    string Status,
    string? Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? InProgressAt,
    DateTimeOffset? FinalizingAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiredAt,
    DateTimeOffset? CancellingAt,
    DateTimeOffset? CancelledAt,
    string? OutputFileId,
    string? ErrorFileId,
    BatchCounts Counts)
{
    /// <summary>The customer the batch belongs to and is billed to; no other customer can see it.</summary>
    public string Customer { get; init; } = string.Empty;

    /// <summary>The key that created it; its lines are metered against that key.</summary>
    public string KeyName { get; init; } = string.Empty;
}
