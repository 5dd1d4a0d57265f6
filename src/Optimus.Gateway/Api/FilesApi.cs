using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Batches;

namespace Optimus.Gateway.Api;

/// <summary>
/// POST /v1/files (multipart, purpose "batch", JSONL validated line by line, within the customer's storage quota),
/// GET /v1/files (the customer's own), GET /v1/files/{id}, GET /v1/files/{id}/content and DELETE /v1/files/{id}.
/// Batch output and error files are served by the same endpoints. Files belong to their customer: others get 404.
/// </summary>
internal static class FilesApi
{
    private const string DefaultFilename = "batch.jsonl";

    // OpenAI's listing takes up to 10,000 a page; a customer holds at most RequestLimits.MaxFilesPerCustomer.
    private const int MaxListLimit = 10_000;

    private static readonly FormOptions UploadForm = new()
    {
        MultipartBodyLengthLimit = RequestLimits.MaxUploadBodyBytes,
        ValueCountLimit = 16,
        ValueLengthLimit = 4096,
        KeyLengthLimit = 256,
        MultipartHeadersCountLimit = 16,
        MultipartHeadersLengthLimit = 16 << 10,
    };

    public static RouteGroupBuilder MapFilesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup(string.Empty).RequireAuthorization(ApiPolicies.Customer);
        group.MapPost("/v1/files", UploadAsync);
        group.MapGet("/v1/files", List);
        group.MapGet("/v1/files/{id}", GetFile);
        group.MapGet("/v1/files/{id}/content", GetContent);
        group.MapDelete("/v1/files/{id}", Delete);
        return group;
    }

    public static async Task<IResult> UploadAsync(HttpRequest request, BatchStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        RequestBody.Limit(request.HttpContext, RequestLimits.MaxUploadBodyBytes);
        if (!request.HasFormContentType)
        {
            return Invalid("Upload a file as multipart/form-data with the fields 'file' and 'purpose'.", "file");
        }

        if (request.ContentLength > RequestLimits.MaxUploadBodyBytes)
        {
            return new ApiErrorResult(RequestBody.TooLarge(RequestLimits.MaxUploadBodyBytes));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(UploadForm, request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException ex)
        {
            return Invalid($"The multipart body could not be read: {ex.Message}", "file");
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // A multipart body that ends before its closing boundary (found by the input fuzzer: it was a 500).
            return Invalid($"The multipart body ended before its closing boundary: {ex.Message}", "file");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ApiErrorResult(RequestBody.TooLarge(RequestLimits.MaxUploadBodyBytes));
        }

        var purpose = form["purpose"].ToString();
        if (purpose != StoredFile.BatchPurpose)
        {
            return Invalid(
                string.IsNullOrEmpty(purpose) ? "'purpose' is required." : $"'purpose' must be \"batch\"; got \"{JsonText.Scrub(purpose)}\". Only batch input files are stored here.",
                "purpose");
        }

        if (form.Files.GetFile("file") is not { } upload)
        {
            return Invalid("'file' is required: the JSONL batch input file.", "file");
        }

        if (upload.Length > RequestLimits.MaxUploadBytes)
        {
            return Invalid($"The file is {upload.Length} bytes; at most {RequestLimits.MaxUploadBytes} are accepted.", "file");
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

        var filename = string.IsNullOrWhiteSpace(upload.FileName) ? DefaultFilename : JsonText.Scrub(Path.GetFileName(upload.FileName));
        if (filename.Length > RequestLimits.MaxFilenameChars)
        {
            return Invalid($"The file's name is {filename.Length} characters; at most {RequestLimits.MaxFilenameChars} are accepted.", "file");
        }

        var file = new StoredFile("file-" + Guid.NewGuid().ToString("N"), StoredFile.BatchPurpose, filename, content.LongLength, time.GetUtcNow())
        {
            Customer = Caller.Of(request.HttpContext).Subject,
        };
        var (stored, usedBytes, usedFiles) = store.AddFileWithinQuota(file, content, RequestLimits.MaxStoredBytesPerCustomer, RequestLimits.MaxFilesPerCustomer);
        return stored
            ? TypedResults.Json(BatchJson.File(file))
            : Invalid(
                $"Storing this file ({file.Bytes} bytes) would exceed your storage quota: you keep {usedFiles} files of {usedBytes} bytes, and at most " +
                $"{RequestLimits.MaxFilesPerCustomer} files of {RequestLimits.MaxStoredBytesPerCustomer} bytes in all. Delete files you no longer need (DELETE /v1/files/{{id}}).",
                "file",
                "storage_quota_exceeded");
    }

    public static IResult List(HttpRequest request, BatchStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        var limit = MaxListLimit;
        if (request.Query.TryGetValue("limit", out var limitText) &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxListLimit))
        {
            return Invalid($"'limit' must be an integer between 1 and {MaxListLimit}.", "limit");
        }

        var purpose = request.Query.TryGetValue("purpose", out var purposeText) && !string.IsNullOrEmpty(purposeText) ? purposeText.ToString() : null;
        var after = request.Query.TryGetValue("after", out var afterText) && !string.IsNullOrEmpty(afterText) ? afterText.ToString() : null;
        var (files, hasMore) = store.ListFiles(Caller.Of(request.HttpContext).Subject, purpose, after, limit);
        return TypedResults.Json(BatchJson.FileList(files, hasMore));
    }

    public static IResult Delete(string id, HttpContext context, BatchStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.DeleteFile(id, Caller.Of(context).Subject)
            ? TypedResults.Json(new JsonObject { ["id"] = id, ["object"] = "file", ["deleted"] = true })
            : NotFound(id);
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
        new(new ApiError(StatusCodes.Status404NotFound, $"No such File object: {JsonText.Scrub(id)}", ApiError.InvalidRequest, "file_id", "file_not_found"));

    private static ApiErrorResult Invalid(string message, string param, string? code = null) => new(ApiError.Invalid(message, param, code));
}
