using Optimus.Core.Inference;

namespace Optimus.Inference.Echo;

/// <summary>
/// A zero-cost backend that answers with the prompt's words, one word per token, up to max_tokens. It exists to measure
/// what the platform itself costs (gateway, grains, gRPC, agent) with the model's cost taken out.
/// </summary>
public sealed class EchoTextGenerator : ITextGenerator
{
    public const string BackendName = "echo";

    /// <summary>The model name an echo vehicle registers with.</summary>
    public const string ModelName = "echo";

    public ModelDescription Model { get; } = new(ModelName, 1 << 20, HasChatTemplate: false, BackendName);

    /// <summary>The prompt's words: the echo backend's tokens (see <see cref="EchoPromptCounter"/>).</summary>
    public static string[] Words(GenerationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var prompt = input.Prompt ?? PlainPromptFormat.Format(input.Messages ?? []);
        return prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    public GenerationResult Generate(GenerationInput input, SamplingOptions options, Action<GeneratedToken> onToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onToken);
        var words = Words(input);
        var count = options.MaxTokens <= 0 ? words.Length : Math.Min(words.Length, options.MaxTokens);
        for (var i = input.PrefixTokens?.Count ?? 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onToken(new GeneratedToken(i == 0 ? words[i] : " " + words[i], i, 0f, null));
        }

        return new GenerationResult(words.Length, count, count < words.Length ? FinishReason.Length : FinishReason.Stop);
    }

    public void Dispose()
    {
    }
}
