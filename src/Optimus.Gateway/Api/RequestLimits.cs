namespace Optimus.Gateway.Api;

/// <summary>
/// Every bound the HTTP API puts on its inputs, in one place so that they agree with each other and with what a
/// vehicle's gRPC channel takes. The rule that ties them: no accepted completion request can carry more than
/// <see cref="MaxPromptBytes"/> of text to a vehicle, a sixteenth of the 16 MiB the vehicle channel takes in one message
/// (<c>Protocol.VehicleChannelLimits</c>), so no request the API accepts can break the serving car's session. docs and the README list these numbers.
/// </summary>
internal static class RequestLimits
{
    /// <summary>A POST /v1/chat/completions or /v1/completions body, in bytes (escapes count as sent).</summary>
    public const long MaxCompletionBodyBytes = 4L << 20;

    /// <summary>A POST /v1/batches body: three ids and some metadata.</summary>
    public const long MaxBatchBodyBytes = 64L << 10;

    /// <summary>One uploaded file's content (a JSONL batch input file), in bytes.</summary>
    public const long MaxUploadBytes = 32L << 20;

    /// <summary>A POST /v1/files body: the file plus the multipart framing and the purpose field.</summary>
    public const long MaxUploadBodyBytes = MaxUploadBytes + (64L << 10);

    /// <summary>What one customer may keep in /v1/files at once (inputs, and the outputs their batches wrote).</summary>
    public const long MaxStoredBytesPerCustomer = 256L << 20;

    /// <summary>How many files one customer may keep at once.</summary>
    public const int MaxFilesPerCustomer = 1_000;

    /// <summary>
    /// The prompt's text (every message's content, or the prompt) in UTF-8 bytes. A token is at least one byte, so this
    /// is a hard cap whatever the model: 32 bytes a token over a 32,768-token context, larger than any context the fleet
    /// serves, and a sixteenth of a vehicle channel message (the value is the channel's, so the two cannot drift).
    /// </summary>
    public const int MaxPromptBytes = Protocol.VehicleChannelLimits.MaxPromptBytes;

    /// <summary>
    /// The most UTF-8 bytes one token of the edge model's vocabulary spans, rounded up generously: a prompt longer than
    /// the fleet's largest context times this cannot fit in any vehicle's context and is refused before dispatch.
    /// </summary>
    public const int MaxBytesPerToken = 32;

    /// <summary>Messages in one chat request.</summary>
    public const int MaxMessages = 2048;

    /// <summary>Stop sequences in one request (OpenAI's limit).</summary>
    public const int MaxStops = 4;

    /// <summary>One stop sequence, in UTF-8 bytes; an empty one is refused.</summary>
    public const int MaxStopBytes = 256;

    /// <summary>A model id, in UTF-8 bytes.</summary>
    public const int MaxModelBytes = 256;

    /// <summary>max_tokens / max_completion_tokens.</summary>
    public const int MaxCompletionTokens = 1 << 20;

    /// <summary>JSON nesting depth (System.Text.Json's default, stated so it is documented).</summary>
    public const int MaxJsonDepth = 64;

    /// <summary>A batch line's custom_id, in UTF-8 bytes.</summary>
    public const int MaxCustomIdBytes = 512;

    /// <summary>Requests in one batch input file (OpenAI's limit).</summary>
    public const int MaxBatchLines = 50_000;

    /// <summary>Metadata pairs on a batch, and the length of a key and of a value (OpenAI's limits).</summary>
    public const int MaxMetadataPairs = 16;

    /// <inheritdoc cref="MaxMetadataPairs"/>
    public const int MaxMetadataKeyChars = 64;

    /// <inheritdoc cref="MaxMetadataPairs"/>
    public const int MaxMetadataValueChars = 512;

    /// <summary>An uploaded file's name, in characters.</summary>
    public const int MaxFilenameChars = 255;
}
