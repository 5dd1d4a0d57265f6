using System.Text.Json.Nodes;
using Optimus.Gateway.Batches;

namespace Optimus.Gateway.Api;

/// <summary>The file and batch objects of OpenAI's Files and Batch APIs.</summary>
internal static class BatchJson
{
    public static JsonObject File(StoredFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new JsonObject
        {
            ["id"] = file.Id,
            ["object"] = "file",
            ["bytes"] = file.Bytes,
            ["created_at"] = file.CreatedAt.ToUnixTimeSeconds(),
            ["expires_at"] = null,
            ["filename"] = file.Filename,
            ["purpose"] = file.Purpose,
            ["status"] = "processed",
            ["status_details"] = null,
        };
    }

    public static JsonObject FileList(IReadOnlyList<StoredFile> files, bool hasMore) => List(files, File, static f => f.Id, hasMore);

    public static JsonObject Batch(BatchRecord batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new JsonObject
        {
            ["id"] = batch.Id,
            ["object"] = "batch",
            ["endpoint"] = batch.Endpoint,
            ["errors"] = null,
            ["input_file_id"] = batch.InputFileId,
            ["completion_window"] = batch.CompletionWindow,
            ["status"] = batch.Status,
            ["output_file_id"] = batch.OutputFileId,
            ["error_file_id"] = batch.ErrorFileId,
            ["created_at"] = batch.CreatedAt.ToUnixTimeSeconds(),
            ["in_progress_at"] = Seconds(batch.InProgressAt),
            ["expires_at"] = batch.ExpiresAt.ToUnixTimeSeconds(),
            ["finalizing_at"] = Seconds(batch.FinalizingAt),
            ["completed_at"] = Seconds(batch.CompletedAt),
            ["failed_at"] = null,
            ["expired_at"] = Seconds(batch.ExpiredAt),
            ["cancelling_at"] = Seconds(batch.CancellingAt),
            ["cancelled_at"] = Seconds(batch.CancelledAt),
            ["request_counts"] = new JsonObject
            {
                ["total"] = batch.Counts.Total,
                ["completed"] = batch.Counts.Completed,
                ["failed"] = batch.Counts.Failed,
            },
            ["metadata"] = batch.Metadata is null ? null : JsonNode.Parse(batch.Metadata),
        };
    }

    public static JsonObject BatchList(IReadOnlyList<BatchRecord> batches, bool hasMore) => List(batches, Batch, static b => b.Id, hasMore);

    // OpenAI's page of a listing: {"object":"list","data":[...],"first_id","last_id","has_more"}.
    private static JsonObject List<T>(IReadOnlyList<T> items, Func<T, JsonObject> json, Func<T, string> id, bool hasMore) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(items.Select(i => (JsonNode)json(i)).ToArray()),
        ["first_id"] = items.Count > 0 ? id(items[0]) : null,
        ["last_id"] = items.Count > 0 ? id(items[^1]) : null,
        ["has_more"] = hasMore,
    };

    private static long? Seconds(DateTimeOffset? at) => at?.ToUnixTimeSeconds();
}
