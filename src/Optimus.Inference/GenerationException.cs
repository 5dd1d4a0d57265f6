namespace Optimus.Inference;

/// <summary>A request the model cannot serve, with an OpenAI-style error code (for example <c>context_length_exceeded</c>).</summary>
public sealed class GenerationException(string code, string message) : Exception(message)
{
    public const string ContextLengthExceeded = "context_length_exceeded";

    public string Code { get; } = code;
}
