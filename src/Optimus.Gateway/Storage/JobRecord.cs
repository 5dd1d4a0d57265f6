using Optimus.Gateway.Devices;

namespace Optimus.Gateway.Storage;

/// <summary>One served (or failed) request as the journal keeps it, with what each of its attempts used.</summary>
internal sealed record JobRecord(
    string JobId,
    string Endpoint,
    string Model,
    string? VehicleId,
    long LeaseEpoch,
    int Attempts,
    int PromptTokens,
    int CompletionTokens,
    string Status,
    string? FinishReason,
    string? ErrorCode,
    DateTimeOffset StartedAt,
    double DurationMs)
{
    /// <summary>Who is billed ("local" in the open mode).</summary>
    public string Customer { get; init; } = string.Empty;

    /// <summary>The API key that sent it (empty in the open mode).</summary>
    public string KeyName { get; init; } = string.Empty;

    /// <summary>"interactive" or "batch": the price list's tier.</summary>
    public string Tier { get; init; } = "interactive";

    /// <summary>What the customer is charged; 0 unless served.</summary>
    public long ChargeNanoDollars { get; init; }

    /// <summary>The attempts on vehicles, as they ended; empty for the cloud tier.</summary>
    public IReadOnlyList<AttemptUsage> Usage { get; init; } = [];

    /// <summary>The usage records' key: the job id, or a batch line's stable id so that a rerun after a crash cannot bill twice.</summary>
    public string? BillingKey { get; init; }
}
