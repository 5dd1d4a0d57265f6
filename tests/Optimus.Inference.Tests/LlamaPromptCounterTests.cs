using Optimus.Core.Inference;
using Optimus.Inference.Llama;
using Optimus.Testing;

namespace Optimus.Inference.Tests;

public sealed class LlamaPromptCounterTests
{
    public static TheoryData<string> Inputs => ["raw", "chat", "long chat"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void CountPromptTokens_VocabularyOnly_EqualsWhatTheGeneratorReports(string kind)
    {
        GenerationInput input = kind switch
        {
            "raw" => GenerationInput.Raw("Once upon a time, there was a <s> little dog."),
            "chat" => GenerationInput.Chat([new ChatMessage("user", "Once upon a time")]),
            _ => GenerationInput.Chat([new ChatMessage("system", "Tell short stories."), new ChatMessage("user", string.Concat(Enumerable.Repeat("The cat sat. ", 20))), new ChatMessage("assistant", "Yes."), new ChatMessage("user", "Again, ünïcode ✓")]),
        };
        using var counter = LlamaPromptCounter.Load(TestPaths.StoriesModel);
        using var model = LlamaModel.Load(TestPaths.StoriesModel);
        using var generator = model.CreateGenerator(threads: 1);

        var result = generator.Generate(input, new SamplingOptions(MaxTokens: 1), _ => { }, CancellationToken.None);

        Assert.Equal(model.Name, counter.ModelName);
        Assert.Equal(result.PromptTokens, counter.CountPromptTokens(input));
    }
}
