using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Optimus.Gateway.Api;

/// <summary>
/// Reads a JSON request body under the endpoint's size limit, with every failure a 400 or 413 in OpenAI's error shape:
/// a content type other than JSON, a body over the limit, and JSON that is truncated, malformed or nested too deeply.
/// </summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = RequestLimits.MaxJsonDepth };

    /// <summary>Caps what Kestrel reads of this request's body (it answers 413 past it, before anything is buffered).</summary>
    public static void Limit(HttpContext context, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxBytes;
        }
    }

    /// <summary>The parsed body, or the error to answer with. A missing Content-Type is read as JSON; another is refused.</summary>
    public static async Task<(JsonDocument? Document, ApiError? Error)> ReadJsonAsync(HttpRequest request, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        Limit(request.HttpContext, maxBytes);
        if (!string.IsNullOrEmpty(request.ContentType) && !request.HasJsonContentType())
        {
            return (null, ApiError.Invalid(
                $"The request body must be JSON, sent with 'Content-Type: application/json'; got '{request.ContentType}'.", null, "invalid_content_type"));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            return (await JsonDocument.ParseAsync(request.Body, Options, request.HttpContext.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            return (null, ApiError.Invalid($"The request body is not valid JSON: {ex.Message}", null, "invalid_json"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    public static ApiError TooLarge(long maxBytes) => new(
        StatusCodes.Status413PayloadTooLarge,
        $"The request body is larger than the {maxBytes} bytes this endpoint accepts.",
        ApiError.InvalidRequest,
        null,
        "request_too_large");
}
