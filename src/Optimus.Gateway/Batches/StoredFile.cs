namespace Optimus.Gateway.Batches;

/// <summary>A file as the Files API describes it (its content is read separately).</summary>
internal sealed record StoredFile(string Id, string Purpose, string Filename, long Bytes, DateTimeOffset CreatedAt)
{
    /// <summary>The customer the file belongs to; no other customer can see it.</summary>
    public string Customer { get; init; } = string.Empty;

    /// <summary>Input files of batches.</summary>
    public const string BatchPurpose = "batch";

    /// <summary>Output and error files written by batches.</summary>
    public const string BatchOutputPurpose = "batch_output";
}
