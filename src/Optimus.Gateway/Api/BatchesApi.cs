using System.Globalization;
using System.Text.Json;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Batches;

namespace Optimus.Gateway.Api;

/// <summary>
/// POST /v1/batches, GET /v1/batches/{id}, GET /v1/batches (newest first, after + limit) and
/// POST /v1/batches/{id}/cancel, in OpenAI's shapes. A batch is validated whole when it is created, so it is stored
/// in_progress; its lines then run through the <see cref="BatchRunner"/>.
/// </summary>
internal static class BatchesApi
{
    public const string CompletionWindow = "24h";

    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public static RouteGroupBuilder MapBatchesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Customer);
        group.MapPost("/v1/batches", CreateAsync);
        group.MapGet("/v1/batches/{id}", Get);
        group.MapGet("/v1/batches", List);
        group.MapPost("/v1/batches/{id}/cancel", Cancel);
        return group;
    }

    public static async Task<IResult> CreateAsync(HttpRequest request, BatchStore store, BatchRunner runner, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        var (document, readError) = await RequestBody.ReadJsonAsync(request, RequestLimits.MaxBatchBodyBytes);
        if (readError is not null)
        {
            return new ApiErrorResult(readError);
        }

        using (document)
        {
            var (spec, error) = BatchRequest.Parse(document!.RootElement);
            if (error is not null)
            {
                return new ApiErrorResult(error);
            }

            if (FilesApi.FindOwn(spec!.InputFileId, request.HttpContext, store) is not { } file)
            {
                return new ApiErrorResult(new ApiError(StatusCodes.Status404NotFound, $"No such File object: {spec.InputFileId}", ApiError.InvalidRequest, "input_file_id", "file_not_found"));
            }

            if (file.Purpose != StoredFile.BatchPurpose)
            {
                return new ApiErrorResult(ApiError.Invalid($"File {file.Id} has purpose '{file.Purpose}'; a batch's input file must have purpose 'batch'.", "input_file_id"));
            }

            var id = "batch_" + Guid.NewGuid().ToString("N");
            var (lines, lineError) = BatchInputParser.Parse(store.ReadFileContent(file.Id) ?? [], id);
            if (lineError is not null)
            {
                return new ApiErrorResult(lineError);
            }

            if (lines!.FirstOrDefault(l => l.Url != spec.Endpoint) is { } mismatch)
            {
                return new ApiErrorResult(ApiError.Invalid(
                    $"Line {mismatch.Line} of the file: 'url' is {mismatch.Url}, but the batch's endpoint is {spec.Endpoint}; every request of a batch uses its endpoint.",
                    $"line {mismatch.Line}: url",
                    "invalid_batch_line"));
            }

            var now = time.GetUtcNow();
            var batch = store.CreateBatch(id, spec.Endpoint, file.Id, spec.CompletionWindow, spec.Metadata, now, now + Window, lines!, Caller.Of(request.HttpContext));
            runner.Wake();
            return TypedResults.Json(BatchJson.Batch(batch));
        }
    }

    public static IResult Get(string id, HttpContext context, BatchStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return FindOwn(id, context, store) is { } batch ? TypedResults.Json(BatchJson.Batch(batch)) : NotFound(id);
    }

    // Another customer's batch is answered as if it did not exist.
    private static BatchRecord? FindOwn(string id, HttpContext context, BatchStore store) =>
        store.FindBatch(id) is { } batch && batch.Customer == Caller.Of(context).Subject ? batch : null;

    public static IResult List(HttpRequest request, BatchStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        var limit = 20;
        if (request.Query.TryGetValue("limit", out var limitText) &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
        {
            return new ApiErrorResult(ApiError.Invalid($"'limit' must be an integer between 1 and 100; got '{limitText}'.", "limit"));
        }

        var after = request.Query.TryGetValue("after", out var afterText) ? afterText.ToString() : null;
        var (batches, hasMore) = store.ListBatches(Caller.Of(request.HttpContext).Subject, string.IsNullOrEmpty(after) ? null : after, limit);
        return TypedResults.Json(BatchJson.BatchList(batches, hasMore));
    }

    public static IResult Cancel(string id, HttpContext context, BatchStore store, BatchRunner runner, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runner);
        if (FindOwn(id, context, store) is null || store.RequestCancel(id, time.GetUtcNow()) is not { } batch)
        {
            return NotFound(id);
        }

        if (batch.Status is not (BatchStatus.Cancelling or BatchStatus.Cancelled))
        {
            return new ApiErrorResult(ApiError.Invalid($"Batch {id} is {batch.Status} and can no longer be cancelled.", "batch_id", "batch_not_cancellable"));
        }

        runner.Wake();
        return TypedResults.Json(BatchJson.Batch(batch));
    }

    private static ApiErrorResult NotFound(string id) =>
        new(new ApiError(StatusCodes.Status404NotFound, $"No batch found with id '{id}'.", ApiError.InvalidRequest, "batch_id", "batch_not_found"));
}
