using System.Text;
using System.Text.Json;
using Optimus.Gateway.Devices;

namespace Optimus.Gateway.Api;

internal static partial class CompletionsApi
{
    // Parses and validates the body. For the routed models the body itself is kept too (a copy that outlives the
    // document): the cloud tier forwards its allowed fields, and the router reads its hints from it.
    private static async Task<(InferenceRequest? Request, JsonElement Body, ApiError? Error)> ReadRequestAsync(HttpRequest request, bool isChat, bool cloudConfigured)
    {
        var (document, readError) = await RequestBody.ReadJsonAsync(request, RequestLimits.MaxCompletionBodyBytes);
        if (readError is not null)
        {
            return (null, default, readError);
        }

        using (document)
        {
            var (parsed, error) = RequestParser.Parse(document!.RootElement, isChat);
            if (error is not null)
            {
                return (null, default, error);
            }

            if (!ModelCatalog.IsServed(parsed!.Model, cloudConfigured))
            {
                return (null, default, ApiError.UnknownModel(parsed.Model, ModelCatalog.Served(cloudConfigured)));
            }

            if (parsed.Model == ModelCatalog.Edge && CannotFit(parsed, request.HttpContext.RequestServices.GetService<AgentSessions>()) is { } tooLong)
            {
                return (null, default, tooLong);
            }

            return (parsed, parsed.Model == ModelCatalog.Edge ? default : document.RootElement.Clone(), null);
        }
    }

    // A token spans at most RequestLimits.MaxBytesPerToken bytes, so a prompt over that many bytes per token of the largest
    // context connected cannot fit on any vehicle: refused here, as a vehicle would refuse it, without sending it there.
    private static ApiError? CannotFit(InferenceRequest request, AgentSessions? sessions)
    {
        if (sessions is null || sessions.Count == 0 || sessions.LargestContextLength <= 0)
        {
            return null;
        }

        var bytes = request.Prompt is { } prompt ? Encoding.UTF8.GetByteCount(prompt) : request.Messages!.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Content));
        var most = (long)sessions.LargestContextLength * RequestLimits.MaxBytesPerToken;
        return bytes <= most
            ? null
            : ApiError.Invalid(
                $"This model's maximum context length is {sessions.LargestContextLength} tokens, and the prompt's {bytes} bytes cannot fit in it.",
                request.IsChat ? "messages" : "prompt",
                Protocol.JobFailureCodes.ContextLengthExceeded);
    }
}
