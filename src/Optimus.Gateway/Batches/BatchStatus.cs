namespace Optimus.Gateway.Batches;

/// <summary>
/// A batch's status, with OpenAI's names. Validation happens while the batch is created, so a stored batch starts
/// <see cref="InProgress"/>; <see cref="Finalizing"/> is passed through inside the transaction that writes the output
/// files, so it is never observed.
/// </summary>
internal static class BatchStatus
{
    public const string Validating = "validating";
    public const string Failed = "failed";
    public const string InProgress = "in_progress";
    public const string Finalizing = "finalizing";
    public const string Completed = "completed";
    public const string Expired = "expired";
    public const string Cancelling = "cancelling";
    public const string Cancelled = "cancelled";

    /// <summary>Statuses the runner still works on.</summary>
    public static bool IsActive(string status) => status is InProgress or Cancelling;
}
