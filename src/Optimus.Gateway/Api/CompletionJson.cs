using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Optimus.Gateway.Routing;
using Optimus.Protocol;

namespace Optimus.Gateway.Api;

/// <summary>
/// Writes chat and text completion objects and stream chunks in OpenAI's format, straight to a
/// <see cref="Utf8JsonWriter"/> (no intermediate object graph on the hot path).
/// </summary>
internal sealed class CompletionJson(InferenceRequest request, string id, long created, string vehicleId)
{
    private int _textOffset;

    /// <summary>The vehicle serving now; it changes when the job continues elsewhere.</summary>
    public string VehicleId { get; set; } = vehicleId;

    /// <summary>Which tier answers and why (the body's <c>optimus</c> object).</summary>
    public RouteInfo Route { get; set; } = RouteInfo.EdgeModel;

    public string Object => request.IsChat ? (request.Stream ? "chat.completion.chunk" : "chat.completion") : "text_completion";

    public void WriteHeader(Utf8JsonWriter writer)
    {
        writer.WriteString("id", id);
        writer.WriteString("object", Object);
        writer.WriteNumber("created", created);
        writer.WriteString("model", request.Model);
        writer.WriteString("system_fingerprint", "optimus-edge");
    }

    /// <summary>A stream chunk holding the text of some tokens (or, with <paramref name="finish"/>, the last one).</summary>
    public void WriteChunk(Utf8JsonWriter writer, string text, IReadOnlyList<Token>? tokens, string? finish, bool first)
    {
        writer.WriteStartObject();
        WriteHeader(writer);
        WriteChoice(writer, text, tokens, finish, streamed: true, first);
        writer.WriteOptimus(VehicleId, Route);
        writer.WriteEndObject();
    }

    public void WriteUsageChunk(Utf8JsonWriter writer, JobFinished finished)
    {
        writer.WriteStartObject();
        WriteHeader(writer);
        writer.WriteStartArray("choices");
        writer.WriteEndArray();
        WriteUsage(writer, finished);
        writer.WriteEndObject();
    }

    /// <summary>The whole (non-streamed) completion.</summary>
    public void WriteCompletion(Utf8JsonWriter writer, string text, IReadOnlyList<Token> tokens, string finish, JobFinished finished)
    {
        writer.WriteStartObject();
        WriteHeader(writer);
        WriteChoice(writer, text, tokens, finish, streamed: false, first: true);
        WriteUsage(writer, finished);
        writer.WriteOptimus(VehicleId, Route);
        writer.WriteEndObject();
    }

    // The single choice: a chat delta (streamed) or message (whole), or a text completion's text.
    private void WriteChoice(Utf8JsonWriter writer, string text, IReadOnlyList<Token>? tokens, string? finish, bool streamed, bool first)
    {
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        if (!request.IsChat)
        {
            writer.WriteString("text", text);
        }
        else if (streamed)
        {
            writer.WriteStartObject("delta");
            if (first)
            {
                writer.WriteString("role", "assistant");
            }

            if (finish is null)
            {
                writer.WriteString("content", text);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", text);
            writer.WriteNull("refusal");
            writer.WriteEndObject();
        }

        WriteLogprobs(writer, tokens);
        writer.WriteString("finish_reason", finish);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    public static string FinishName(Finish finish) => finish == Finish.Length ? "length" : "stop";

    private static void WriteUsage(Utf8JsonWriter writer, JobFinished finished)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", finished.PromptTokens);
        writer.WriteNumber("completion_tokens", finished.CompletionTokens);
        writer.WriteNumber("total_tokens", finished.PromptTokens + finished.CompletionTokens);
        writer.WriteEndObject();
    }

    private void WriteLogprobs(Utf8JsonWriter writer, IReadOnlyList<Token>? tokens)
    {
        if (!request.Logprobs || tokens is null)
        {
            writer.WriteNull("logprobs");
            return;
        }

        // A token with id -1 carries text released from stop-sequence hold-back, not a sampled token.
        var sampled = tokens.Where(t => t.Id >= 0).ToList();
        writer.WriteStartObject("logprobs");
        if (request.IsChat)
        {
            writer.WriteStartArray("content");
            foreach (var token in sampled)
            {
                writer.WriteStartObject();
                WriteTokenLogprob(writer, token.Text, token.Logprob);
                writer.WriteStartArray("top_logprobs");
                foreach (var top in token.Top)
                {
                    writer.WriteStartObject();
                    WriteTokenLogprob(writer, top.Text, top.Logprob);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            WriteLegacyLogprobs(writer, sampled);
        }

        writer.WriteEndObject();
    }

    private void WriteLegacyLogprobs(Utf8JsonWriter writer, List<Token> sampled)
    {
        writer.WriteStartArray("tokens");
        sampled.ForEach(t => writer.WriteStringValue(t.Text));
        writer.WriteEndArray();
        writer.WriteStartArray("token_logprobs");
        sampled.ForEach(t => writer.WriteNumberValue(t.Logprob));
        writer.WriteEndArray();
        writer.WriteStartArray("top_logprobs");
        foreach (var token in sampled)
        {
            writer.WriteStartObject();
            foreach (var top in token.Top.DistinctBy(t => t.Text))
            {
                writer.WriteNumber(top.Text, top.Logprob);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("text_offset");
        foreach (var token in sampled)
        {
            writer.WriteNumberValue(_textOffset);
            _textOffset += token.Text.Length;
        }

        writer.WriteEndArray();
    }

    private static void WriteTokenLogprob(Utf8JsonWriter writer, string text, float logprob)
    {
        writer.WriteString("token", text);
        writer.WriteNumber("logprob", logprob);
        writer.WriteStartArray("bytes");
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            writer.WriteNumberValue(b);
        }

        writer.WriteEndArray();
    }
}
