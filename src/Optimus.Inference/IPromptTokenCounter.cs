namespace Optimus.Inference;

/// <summary>
/// Counts a request's prompt tokens the way a vehicle serving <see cref="ModelName"/> does: the same prompt format
/// (chat template or plain), the same tokenizer, the same special tokens. The gateway bills this count, never the one
/// a vehicle reports. Implementations are thread-safe.
/// </summary>
public interface IPromptTokenCounter
{
    /// <summary>The model name a vehicle registers with when it serves this model.</summary>
    string ModelName { get; }

    /// <summary>The prompt's tokens, without any prefix tokens of a continuation (those are completion tokens).</summary>
    int CountPromptTokens(GenerationInput input);
}
