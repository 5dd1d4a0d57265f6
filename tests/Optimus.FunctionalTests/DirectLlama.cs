using System.Text;
using LLama;
using LLama.Common;
using LLama.Sampling;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>What LLamaSharp produces when called directly, as the reference the full path must match.</summary>
internal static class DirectLlama
{
    public static async Task<string> GreedyAsync(string prompt, int maxTokens)
    {
        var parameters = new ModelParams(TestPaths.StoriesModel) { Threads = 1 };
        using var weights = await LLamaWeights.LoadFromFileAsync(parameters);
        var executor = new StatelessExecutor(weights, parameters);
        var text = new StringBuilder();
        await foreach (var piece in executor.InferAsync(prompt, new InferenceParams { MaxTokens = maxTokens, SamplingPipeline = new GreedySamplingPipeline() }))
        {
            text.Append(piece);
        }

        return text.ToString();
    }

    public static int CountTokens(string prompt)
    {
        var parameters = new ModelParams(TestPaths.StoriesModel) { Threads = 1 };
        using var weights = LLamaWeights.LoadFromFile(parameters);
        return weights.Tokenize(prompt, true, true, Encoding.UTF8).Length;
    }
}
