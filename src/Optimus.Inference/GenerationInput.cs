using Optimus.Core.Inference;

namespace Optimus.Inference;

/// <summary>
/// What to generate from: chat messages (formatted with the model's chat template, or the plain format) or a raw
/// prompt (the completions API). <see cref="AssistantPrefix"/> is text the answer already holds, so generation
/// continues it: the seam that failover uses to resume a stream on another vehicle.
/// </summary>
public sealed record GenerationInput(IReadOnlyList<ChatMessage>? Messages, string? Prompt, string AssistantPrefix = "")
{
    public static GenerationInput Chat(IReadOnlyList<ChatMessage> messages) => new(messages, null);

    public static GenerationInput Raw(string prompt) => new(null, prompt);
}
