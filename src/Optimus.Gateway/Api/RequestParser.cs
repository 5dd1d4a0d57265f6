using System.Text;
using System.Text.Json;
using Optimus.Core.Inference;

namespace Optimus.Gateway.Api;

/// <summary>
/// Validates chat and text completion bodies the way OpenAI does: each problem is a 400 naming the offending field.
/// Unknown fields are ignored, as OpenAI's SDKs send fields a given server may not know.
/// </summary>
internal static class RequestParser
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool"];

    public static (InferenceRequest? Request, ApiError? Error) Parse(JsonElement root, bool isChat)
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
        var model = fields.String("model", required: true);
        if (model is not null && (model.Length == 0 || Encoding.UTF8.GetByteCount(model) > RequestLimits.MaxModelBytes))
        {
            fields.Fail<string>("model", $"'model' must be a model id of 1 to {RequestLimits.MaxModelBytes} bytes. See GET /v1/models.");
        }

        IReadOnlyList<ChatMessage>? messages = null;
        string? prompt = null;
        if (isChat)
        {
            messages = ParseMessages(fields);
        }
        else
        {
            prompt = ParsePrompt(fields);
        }

        var stream = fields.Bool("stream");
        var includeUsage = fields.Get("stream_options") is { } streamOptions && streamOptions.ValueKind == JsonValueKind.Object
            ? new JsonFields(streamOptions).Bool("include_usage")
            : fields.Has("stream_options") ? fields.Fail<bool>("stream_options", "'stream_options' must be an object.") : false;
        var maxTokens = (int)fields.Integer(fields.Has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens", 0, 1, RequestLimits.MaxCompletionTokens);
        var temperature = (float)fields.Number("temperature", 1, 0, 2);
        var topP = (float)fields.Number("top_p", 1, 0, 1);
        var seed = fields.Has("seed") ? (uint?)(fields.Integer("seed", 0, long.MinValue, long.MaxValue) & 0xFFFFFFFF) : null;
        var n = fields.Integer("n", 1, 1, 128);
        if (n != 1)
        {
            fields.Fail<int>("n", "Only n=1 is supported: each request runs on one vehicle.");
        }

        var stop = ParseStop(fields);
        bool logprobs;
        int topLogprobs;
        if (isChat)
        {
            logprobs = fields.Bool("logprobs");
            topLogprobs = (int)fields.Integer("top_logprobs", 0, 0, 20);
            if (topLogprobs > 0 && !logprobs)
            {
                fields.Fail<int>("top_logprobs", "'top_logprobs' requires 'logprobs' to be true.");
            }
        }
        else
        {
            topLogprobs = (int)fields.Integer("logprobs", -1, 0, 5);
            logprobs = topLogprobs >= 0;
            topLogprobs = Math.Max(0, topLogprobs);
        }

        var echo = !isChat && fields.Bool("echo");
        if (fields.Error is null && PromptBytes(messages, prompt) > RequestLimits.MaxPromptBytes)
        {
            fields.Fail<int>(
                isChat ? "messages" : "prompt",
                $"The prompt is {PromptBytes(messages, prompt)} bytes of UTF-8; at most {RequestLimits.MaxPromptBytes} are accepted, more than any served model's context holds.",
                "string_above_max_length");
        }

        if (fields.Error is { } error)
        {
            return (null, error);
        }

        return (new InferenceRequest(isChat, model!, messages, prompt, stream, includeUsage, maxTokens, temperature, topP, seed, stop, logprobs, topLogprobs, echo), null);
    }

    private static ChatMessage[]? ParseMessages(JsonFields fields)
    {
        if (fields.Get("messages") is not { } messages)
        {
            return fields.Fail<ChatMessage[]?>("messages", "'messages' is required.");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return fields.Fail<ChatMessage[]?>("messages", "'messages' must be an array of messages.");
        }

        if (messages.GetArrayLength() == 0)
        {
            return fields.Fail<ChatMessage[]?>("messages", "'messages' must contain at least one message.");
        }

        if (messages.GetArrayLength() > RequestLimits.MaxMessages)
        {
            return fields.Fail<ChatMessage[]?>("messages", $"'messages' holds {messages.GetArrayLength()} messages; at most {RequestLimits.MaxMessages} are accepted.", "array_above_max_length");
        }

        var result = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages[{index++}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                return fields.Fail<ChatMessage[]?>(param, $"'{param}' must be an object with 'role' and 'content'.");
            }

            var role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : null;
            if (role is null || !Roles.Contains(role))
            {
                return fields.Fail<ChatMessage[]?>($"{param}.role", $"'{param}.role' must be one of {string.Join(", ", Roles)}.");
            }

            var content = message.TryGetProperty("content", out var c) ? ContentText(c) : null;
            if (content is null)
            {
                return fields.Fail<ChatMessage[]?>($"{param}.content", $"'{param}.content' must be a string or an array of text parts.");
            }

            result.Add(new ChatMessage(role == "developer" ? "system" : role, content));
        }

        return [.. result];
    }

    // Content is a string, or an array of parts of which only text parts are served by a text model.
    private static string? ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString();
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var text = new System.Text.StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "text" ||
                !part.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            text.Append(value.GetString());
        }

        return text.ToString();
    }

    private static string? ParsePrompt(JsonFields fields)
    {
        if (fields.Get("prompt") is not { } prompt)
        {
            return fields.Fail<string?>("prompt", "'prompt' is required.");
        }

        if (prompt.ValueKind == JsonValueKind.String)
        {
            return prompt.GetString();
        }

        if (prompt.ValueKind == JsonValueKind.Array && prompt.GetArrayLength() == 1 && prompt[0].ValueKind == JsonValueKind.String)
        {
            return prompt[0].GetString();
        }

        return fields.Fail<string?>("prompt", "'prompt' must be a string (or an array holding one string).");
    }

    private static string[]? ParseStop(JsonFields fields)
    {
        if (fields.Get("stop") is not { } stop)
        {
            return null;
        }

        if (stop.ValueKind == JsonValueKind.String)
        {
            return CheckStop(fields, "stop", stop.GetString()!) ? [stop.GetString()!] : null;
        }

        if (stop.ValueKind != JsonValueKind.Array || stop.GetArrayLength() > RequestLimits.MaxStops || stop.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
        {
            return fields.Fail<string[]?>("stop", $"'stop' must be a string or an array of up to {RequestLimits.MaxStops} strings.");
        }

        var stops = stop.EnumerateArray().Select(s => s.GetString()!).ToArray();
        for (var i = 0; i < stops.Length; i++)
        {
            if (!CheckStop(fields, $"stop[{i}]", stops[i]))
            {
                return null;
            }
        }

        return stops;
    }

    private static bool CheckStop(JsonFields fields, string param, string value)
    {
        if (value.Length > 0 && Encoding.UTF8.GetByteCount(value) <= RequestLimits.MaxStopBytes)
        {
            return true;
        }

        return fields.Fail<bool>(param, $"'{param}' must be a non-empty string of at most {RequestLimits.MaxStopBytes} bytes.");
    }

    private static long PromptBytes(IReadOnlyList<ChatMessage>? messages, string? prompt) =>
        prompt is not null ? Encoding.UTF8.GetByteCount(prompt) : messages?.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Content)) ?? 0;
}
