namespace Optimus.Gateway.Storage;

/// <summary>One served (or failed) request as the journal keeps it.</summary>
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
    double DurationMs);
