using Optimus.Core.Inference;

namespace Optimus.Inference;

/// <summary>
/// What to generate from: chat messages (formatted with the model's chat template, or the plain format) or a raw
/// prompt (the completions API). <see cref="PrefixTokens"/> are tokens of the answer already generated elsewhere:
/// generation continues after them, which is how a stream survives its vehicle leaving. Token ids, not text, so the
/// continuation sees exactly the context the first vehicle had.
/// </summary>
public sealed record GenerationInput(IReadOnlyList<ChatMessage>? Messages, string? Prompt, IReadOnlyList<int>? PrefixTokens = null)
{
    public static GenerationInput Chat(IReadOnlyList<ChatMessage> messages) => new(messages, null);

    public static GenerationInput Raw(string prompt) => new(null, prompt);
}
