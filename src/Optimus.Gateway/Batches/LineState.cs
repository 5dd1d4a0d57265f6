namespace Optimus.Gateway.Batches;

/// <summary>
/// What became of one request of a batch. A line is pending until its result is committed; a line that is running
/// when the coordinator stops is still pending in the store, so it runs again after a restart, while a line whose
/// result is committed never runs again.
/// </summary>
internal static class LineState
{
    public const string Pending = "pending";

    /// <summary>Answered with status 200: goes to the output file.</summary>
    public const string Completed = "completed";

    /// <summary>Answered with an error status: goes to the error file.</summary>
    public const string Failed = "failed";

    /// <summary>Not run before the completion window ended: goes to the error file (batch_expired).</summary>
    public const string Expired = "expired";

    /// <summary>Not run because the batch was cancelled: goes to the error file (batch_cancelled).</summary>
    public const string Cancelled = "cancelled";
}
