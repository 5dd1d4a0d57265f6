using Optimus.Gateway.Accounts;
using Optimus.Gateway.Batches;

namespace Optimus.Gateway.Api;

/// <summary>
/// POST /v1/files (multipart, purpose "batch", JSONL validated line by line), GET /v1/files/{id} and
/// GET /v1/files/{id}/content. Batch output and error files are served by the same endpoints.
/// </summary>
internal static class FilesApi
{
    private const string DefaultFilename = "batch.jsonl";

    public static RouteGroupBuilder MapFilesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Customer);
        group.MapPost("/v1/files", UploadAsync);
        group.MapGet("/v1/files/{id}", GetFile);
        group.MapGet("/v1/files/{id}/content", GetContent);
        return group;
    }

    public static async Task<IResult> UploadAsync(HttpRequest request, BatchStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (!request.HasFormContentType)
        {
            return Invalid("Upload a file as multipart/form-data with the fields 'file' and 'purpose'.", "file");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            return Invalid($"The multipart body could not be read: {ex.Message}", "file");
        }

        var purpose = form["purpose"].ToString();
        if (purpose != StoredFile.BatchPurpose)
        {
            return Invalid(
                string.IsNullOrEmpty(purpose) ? "'purpose' is required." : $"'purpose' must be \"batch\"; got \"{purpose}\". Only batch input files are stored here.",
                "purpose");
        }

        if (form.Files.GetFile("file") is not { } upload)
        {
            return Invalid("'file' is required: the JSONL batch input file.", "file");
        }

        byte[] content;
        using (var buffer = new MemoryStream())
        {
            await upload.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            content = buffer.ToArray();
        }

        var (_, error) = BatchInputParser.Parse(content, string.Empty);
        if (error is not null)
        {
            return new ApiErrorResult(error);
        }

        var filename = string.IsNullOrWhiteSpace(upload.FileName) ? DefaultFilename : Path.GetFileName(upload.FileName);
        var file = new StoredFile("file-" + Guid.NewGuid().ToString("N"), StoredFile.BatchPurpose, filename, content.LongLength, time.GetUtcNow())
        {
            Customer = Caller.Of(request.HttpContext).Subject,
        };
        store.AddFile(file, content);
        return TypedResults.Json(BatchJson.File(file));
    }

    public static IResult GetFile(string id, HttpContext context, BatchStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return FindOwn(id, context, store) is { } file ? TypedResults.Json(BatchJson.File(file)) : NotFound(id);
    }

    public static IResult GetContent(string id, HttpContext context, BatchStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return FindOwn(id, context, store) is not null && store.ReadFileContent(id) is { } content
            ? TypedResults.Bytes(content, "application/octet-stream")
            : NotFound(id);
    }

    /// <summary>The file if it belongs to the caller; another customer's file is answered as if it did not exist.</summary>
    public static StoredFile? FindOwn(string id, HttpContext context, BatchStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.FindFile(id) is { } file && file.Customer == Caller.Of(context).Subject ? file : null;
    }

    public static ApiErrorResult NotFound(string id) =>
        new(new ApiError(StatusCodes.Status404NotFound, $"No such File object: {id}", ApiError.InvalidRequest, "file_id", "file_not_found"));

    private static ApiErrorResult Invalid(string message, string param) => new(ApiError.Invalid(message, param));
}
