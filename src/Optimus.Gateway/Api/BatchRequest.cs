using System.Text.Json;
using Optimus.Gateway.Batches;

namespace Optimus.Gateway.Api;

/// <summary>A validated POST /v1/batches body: {"input_file_id","endpoint","completion_window","metadata"?}.</summary>
internal sealed record BatchRequest(string InputFileId, string Endpoint, string CompletionWindow, string? Metadata)
{
    public static (BatchRequest? Request, ApiError? Error) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiError.Invalid("The request body must be a JSON object."));
        }

        if (JsonText.Check(root) is { } textError)
        {
            return (null, textError);
        }

        var fields = new JsonFields(root);
        var inputFileId = fields.String("input_file_id", required: true);
        var endpoint = fields.String("endpoint", required: true);
        var window = fields.String("completion_window", required: true);
        if (fields.Error is { } error)
        {
            return (null, error);
        }

        if (!BatchInputParser.IsSupportedUrl(endpoint))
        {
            return (null, ApiError.Invalid($"'endpoint' must be \"{BatchInputParser.ChatUrl}\" or \"{BatchInputParser.CompletionsUrl}\"; got \"{endpoint}\".", "endpoint"));
        }

        if (window != BatchesApi.CompletionWindow)
        {
            return (null, ApiError.Invalid($"'completion_window' must be \"{BatchesApi.CompletionWindow}\"; got \"{window}\".", "completion_window"));
        }

        string? metadata = null;
        if (fields.Get("metadata") is { } meta)
        {
            if (meta.ValueKind != JsonValueKind.Object || meta.EnumerateObject().Count() > RequestLimits.MaxMetadataPairs ||
                meta.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String || p.Name.Length > RequestLimits.MaxMetadataKeyChars ||
                    p.Value.GetString()!.Length > RequestLimits.MaxMetadataValueChars))
            {
                return (null, ApiError.Invalid(
                    $"'metadata' must be an object of up to {RequestLimits.MaxMetadataPairs} string values, keys of at most {RequestLimits.MaxMetadataKeyChars} characters and values of at most {RequestLimits.MaxMetadataValueChars}.",
                    "metadata"));
            }

            metadata = meta.GetRawText();
        }

        return (new BatchRequest(inputFileId!, endpoint!, window!, metadata), null);
    }
}
