using System.Text;

namespace Optimus.Inference.Llama;

/// <summary>
/// Counts prompt tokens with a GGUF model's own tokenizer, loaded vocabulary-only: the same template and the same
/// tokenize call (BOS added, special tokens parsed) as <see cref="LlamaTextGenerator"/>, so the count equals the one an
/// honest vehicle serving this file computes.
/// </summary>
public sealed class LlamaPromptCounter : IPromptTokenCounter, IDisposable
{
    private readonly LlamaModel _vocabulary;

    private LlamaPromptCounter(LlamaModel vocabulary) => _vocabulary = vocabulary;

    public string ModelName => _vocabulary.Name;

    /// <summary>Loads the vocabulary of the GGUF file at <paramref name="path"/>.</summary>
    public static LlamaPromptCounter Load(string path) => new(LlamaModel.LoadVocabulary(path));

    public int CountPromptTokens(GenerationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _vocabulary.Weights.Tokenize(_vocabulary.FormatPrompt(input), true, true, Encoding.UTF8).Length;
    }

    public void Dispose() => _vocabulary.Dispose();
}
