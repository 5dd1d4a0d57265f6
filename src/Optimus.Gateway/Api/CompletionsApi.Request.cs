using System.Text.Json;

namespace Optimus.Gateway.Api;

internal static partial class CompletionsApi
{
    // Parses and validates the body. For the routed models the body itself is kept too (a copy that outlives the
    // document): the cloud tier forwards it whole, tools and all, and the router reads its hints from it.
    private static async Task<(InferenceRequest? Request, JsonElement Body, ApiError? Error)> ReadRequestAsync(HttpRequest request, bool isChat, bool cloudConfigured)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return (null, default, ApiError.Invalid($"The request body is not valid JSON: {ex.Message}"));
        }

        using (document)
        {
            var (parsed, error) = RequestParser.Parse(document.RootElement, isChat);
            if (error is not null)
            {
                return (null, default, error);
            }

            if (!ModelCatalog.IsServed(parsed!.Model, cloudConfigured))
            {
                return (null, default, ApiError.UnknownModel(parsed.Model, ModelCatalog.Served(cloudConfigured)));
            }

            return (parsed, parsed.Model == ModelCatalog.Edge ? default : document.RootElement.Clone(), null);
        }
    }
}
