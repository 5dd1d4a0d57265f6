using System.Text;
using System.Text.Json;
using Optimus.Gateway.Api;

namespace Optimus.Gateway.Batches;

/// <summary>
/// Validates a batch input file (JSONL, one request a line) as a whole: every line must be a request object with a
/// unique custom_id, method POST, a supported url and a body that <see cref="RequestParser"/> accepts, so a bad line
/// is refused at upload, naming the line, instead of failing hours later on a vehicle.
/// </summary>
internal static class BatchInputParser
{
    public const string ChatUrl = "/v1/chat/completions";
    public const string CompletionsUrl = "/v1/completions";

    /// <summary>OpenAI's limit on requests per batch.</summary>
    public const int MaxLines = RequestLimits.MaxBatchLines;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsSupportedUrl(string? url) => url is ChatUrl or CompletionsUrl;

    /// <summary>The lines of <paramref name="content"/> (blank lines skipped), or a 400 naming the first bad line.</summary>
    public static (IReadOnlyList<BatchLine>? Lines, ApiError? Error) Parse(byte[] content, string batchId)
    {
        ArgumentNullException.ThrowIfNull(content);
        string text;
        try
        {
            text = StrictUtf8.GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiError.Invalid("The file is not valid UTF-8 text; a batch input file is JSONL, one JSON request per line.", "file"));
        }

        var lines = new List<BatchLine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (lines.Count == MaxLines)
            {
                return (null, ApiError.Invalid($"The file holds more than {MaxLines} requests, the most one batch may hold.", "file"));
            }

            var (parsed, error) = ParseLine(line, number, batchId);
            if (error is not null)
            {
                return (null, error);
            }

            if (seen.TryGetValue(parsed!.CustomId, out var first))
            {
                return (null, LineError(number, $"custom_id '{parsed.CustomId}' is already used on line {first}; each request needs a unique custom_id.", "custom_id"));
            }

            seen[parsed.CustomId] = number;
            lines.Add(parsed);
        }

        return lines.Count == 0
            ? (null, ApiError.Invalid("The file holds no requests; a batch input file is JSONL, one JSON request per line.", "file"))
            : (lines, null);
    }

    private static (BatchLine? Line, ApiError? Error) ParseLine(string line, int number, string batchId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = RequestLimits.MaxJsonDepth });
        }
        catch (JsonException ex)
        {
            return (null, LineError(number, $"not valid JSON: {ex.Message}", null));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, LineError(number, "must be a JSON object with 'custom_id', 'method', 'url' and 'body'.", null));
            }

            if (JsonText.FindInvalid(root) is { } badText)
            {
                var textError = JsonText.Error(badText);
                return (null, LineError(number, textError.Message, badText, textError.Code));
            }

            var customId = StringField(root, "custom_id");
            if (string.IsNullOrEmpty(customId) || Encoding.UTF8.GetByteCount(customId) > RequestLimits.MaxCustomIdBytes)
            {
                return (null, LineError(number, $"'custom_id' must be a non-empty string of at most {RequestLimits.MaxCustomIdBytes} bytes.", "custom_id"));
            }

            if (StringField(root, "method") != "POST")
            {
                return (null, LineError(number, "'method' must be \"POST\".", "method"));
            }

            var url = StringField(root, "url");
            if (!IsSupportedUrl(url))
            {
                return (null, LineError(number, $"'url' must be \"{ChatUrl}\" or \"{CompletionsUrl}\".", "url"));
            }

            if (!root.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object)
            {
                return (null, LineError(number, "'body' must be the request's JSON object.", "body"));
            }

            if (ValidateBody(body, url == ChatUrl) is { } bodyError)
            {
                return (null, LineError(number, bodyError.Message, bodyError.Param is { } p ? $"body.{p}" : "body", bodyError.Code));
            }

            return (new BatchLine(batchId, number, customId, url!, body.GetRawText()), null);
        }
    }

    private static ApiError? ValidateBody(JsonElement body, bool isChat)
    {
        var (request, error) = RequestParser.Parse(body, isChat);
        if (error is not null)
        {
            return error;
        }

        if (!ModelCatalog.IsKnown(request!.Model))
        {
            return ApiError.UnknownModel(request.Model);
        }

        return request.Stream ? ApiError.Invalid("'stream' is not supported in a batch: each answer is written whole to the output file.", "stream") : null;
    }

    private static string? StringField(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static ApiError LineError(int number, string message, string? param, string? code = null) =>
        ApiError.Invalid($"Line {number} of the file: {message}", param is null ? $"line {number}" : $"line {number}: {param}", code ?? "invalid_batch_line");
}
