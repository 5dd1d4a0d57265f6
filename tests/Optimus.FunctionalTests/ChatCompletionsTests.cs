using System.Text;
using OpenAI.Chat;

namespace Optimus.FunctionalTests;

[Collection(FleetGroup.Name)]
public sealed class ChatCompletionsTests(FleetFixture fleet)
{
    private const string Prompt = "Once upon a time";

    private static ChatCompletionOptions Greedy(int maxTokens) => new() { Temperature = 0, MaxOutputTokenCount = maxTokens };

    [Fact]
    public async Task CompleteChat_Plain_ReturnsTextExactUsageAndVehicle()
    {
        var result = await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], Greedy(24));

        var completion = result.Value;
        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(24, completion.Usage.OutputTokenCount);
        Assert.Equal(DirectLlama.CountTokens(Prompt), completion.Usage.InputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + 24, completion.Usage.TotalTokenCount);
        var vehicle = result.GetRawResponse().Headers.TryGetValue("x-optimus-vehicle", out var header) ? header : null;
        Assert.StartsWith("veh-", vehicle);
        Assert.Contains($"\"vehicle\":\"{vehicle}\"", result.GetRawResponse().Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_Greedy_IdenticalAcrossCallsAndEqualToDirectLlamaSharp()
    {
        var expected = await DirectLlama.GreedyAsync(Prompt, 40);
        var outputs = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var completion = (await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], Greedy(40))).Value;
            outputs.Add(completion.Content[0].Text);
        }

        Assert.All(outputs, output => Assert.Equal(expected, output));
    }

    [Fact]
    public async Task CompleteChatStreaming_ConcatenatedDeltasEqualPlainAnswerAndUsageArrivesLast()
    {
        var plain = (await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], Greedy(30))).Value.Content[0].Text;

        var streamed = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        var updates = 0;
        await foreach (var update in fleet.Chat.CompleteChatStreamingAsync([new UserChatMessage(Prompt)], Greedy(30)))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }

            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.True(updates > 2, $"expected several stream chunks, got {updates}");
        Assert.Equal(plain, streamed.ToString());
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.NotNull(usage);
        Assert.Equal(30, usage.OutputTokenCount);
        Assert.Equal(DirectLlama.CountTokens(Prompt), usage.InputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_Logprobs_OnePerTokenWithAlternatives()
    {
        var options = Greedy(12);
        options.IncludeLogProbabilities = true;
        options.TopLogProbabilityCount = 3;

        var completion = (await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], options)).Value;

        Assert.Equal(12, completion.ContentTokenLogProbabilities.Count);
        Assert.Equal(completion.Content[0].Text, string.Concat(completion.ContentTokenLogProbabilities.Select(t => t.Token)));
        foreach (var token in completion.ContentTokenLogProbabilities)
        {
            Assert.InRange(token.LogProbability, float.MinValue, 0f);
            Assert.Equal(3, token.TopLogProbabilities.Count);
            // Greedy decoding picks the most likely token.
            Assert.Equal(token.TopLogProbabilities[0].LogProbability, token.LogProbability, 4);
        }
    }

    [Fact]
    public async Task CompleteChat_StopSequence_EndsBeforeTheSequence()
    {
        var full = (await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], Greedy(40))).Value.Content[0].Text;
        var stopWord = full.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        var options = Greedy(40);
        options.StopSequences.Add(stopWord);

        var completion = (await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], options)).Value;

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(full[..full.IndexOf(stopWord, StringComparison.Ordinal)], completion.Content[0].Text);
    }

    [Fact]
    public async Task CompleteChat_SeededSampling_ReproducesAndDiffersFromGreedy()
    {
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK.
        static ChatCompletionOptions Sampled() => new() { Temperature = 1.5f, TopP = 0.95f, Seed = 1234, MaxOutputTokenCount = 40 };
        var first = (await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], Sampled())).Value.Content[0].Text;
        var second = (await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], Sampled())).Value.Content[0].Text;
#pragma warning restore OPENAI001
        var greedy = (await fleet.Chat.CompleteChatAsync([new UserChatMessage(Prompt)], Greedy(40))).Value.Content[0].Text;

        Assert.Equal(first, second);
        Assert.NotEqual(greedy, first);
    }
}
