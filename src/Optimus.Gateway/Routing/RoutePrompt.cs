using System.Text;
using Optimus.Gateway.Api;

namespace Optimus.Gateway.Routing;

/// <summary>What the router reads of a request: the text it scores, and an estimate of the prompt's length in tokens.</summary>
internal static class RoutePrompt
{
    // The gateway holds no tokenizer (each vehicle has its model's). English text runs about four UTF-8 bytes per
    // token with large vocabularies; three is deliberately pessimistic, since a prompt wrongly kept on the edge fails
    // there with context_length_exceeded, whereas one wrongly sent to the cloud is merely dearer.
    private const int BytesPerToken = 3;

    // Role markers and separators the plain prompt format adds per message.
    private const int TokensPerMessage = 4;

    /// <summary>
    /// The text the router scores: the last user message of a chat (the question being asked, as in the routing
    /// data the router was trained on), else every message; the prompt of a text completion.
    /// </summary>
    public static string Text(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages is not { Count: > 0 } messages)
        {
            return request.Prompt ?? string.Empty;
        }

        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == "user")
            {
                return messages[i].Content;
            }
        }

        return string.Join("\n", messages.Select(m => m.Content));
    }

    /// <summary>A pessimistic estimate of the prompt's tokens.</summary>
    public static int EstimateTokens(InferenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages is { } messages)
        {
            return messages.Sum(m => (Encoding.UTF8.GetByteCount(m.Content) / BytesPerToken) + TokensPerMessage);
        }

        return Encoding.UTF8.GetByteCount(request.Prompt ?? string.Empty) / BytesPerToken;
    }
}
