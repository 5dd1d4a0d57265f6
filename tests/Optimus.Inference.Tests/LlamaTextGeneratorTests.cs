using System.Text;
using LLama;
using LLama.Common;
using LLama.Sampling;
using Optimus.Core.Inference;
using Optimus.Inference.Llama;
using Optimus.Testing;

namespace Optimus.Inference.Tests;

public sealed class LlamaTextGeneratorTests
{
    private static string Run(ITextGenerator generator, GenerationInput input, SamplingOptions options, List<GeneratedToken>? tokens = null)
    {
        var text = new StringBuilder();
        generator.Generate(input, options, t => { text.Append(t.Text); tokens?.Add(t); }, CancellationToken.None);
        return text.ToString();
    }

    [Fact]
    public async Task Generate_Greedy_EqualsLlamaSharpStatelessExecutor()
    {
        using var model = LlamaModel.Load(TestPaths.StoriesModel);
        using var generator = model.CreateGenerator(threads: 1);
        var ours = Run(generator, GenerationInput.Raw("Once upon a time"), new SamplingOptions(MaxTokens: 40));

        var parameters = new ModelParams(TestPaths.StoriesModel) { ContextSize = (uint)model.ContextLength, Threads = 1 };
        using var weights = await LLamaWeights.LoadFromFileAsync(parameters);
        var executor = new StatelessExecutor(weights, parameters);
        var direct = new StringBuilder();
        var inference = new InferenceParams { MaxTokens = 40, SamplingPipeline = new GreedySamplingPipeline() };
        await foreach (var piece in executor.InferAsync("Once upon a time", inference))
        {
            direct.Append(piece);
        }

        Assert.False(string.IsNullOrWhiteSpace(ours));
        Assert.Equal(direct.ToString(), ours);
    }
}
