namespace Optimus.Inference.Echo;

/// <summary>The echo backend's prompt count: one token per word of the formatted prompt.</summary>
public sealed class EchoPromptCounter : IPromptTokenCounter
{
    public string ModelName => EchoTextGenerator.ModelName;

    public int CountPromptTokens(GenerationInput input) => EchoTextGenerator.Words(input).Length;
}
