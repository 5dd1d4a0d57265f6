using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace Optimus.FunctionalTests;

/// <summary>optimus-cloud against a real second HTTP server: another `optimus up` whose model plays the large one.</summary>
[Collection(CloudFleetGroup.Name)]
public sealed class CloudTierTests(CloudFleetFixture fleet)
{
    private const string Prompt = "Once upon a time";

    private static ChatCompletionOptions Greedy(int maxTokens) => new() { Temperature = 0, MaxOutputTokenCount = maxTokens };

    [Fact]
    public async Task Models_CloudConfigured_ListsEdgeCloudAndAuto()
    {
        using var json = JsonDocument.Parse(await fleet.Http.GetStringAsync("v1/models"));

        var ids = json.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["optimus-edge", "optimus-cloud", "optimus-auto"], ids);
    }

    [Fact]
    public async Task CompleteChat_CloudModel_AnswersFromTheUpstreamAndJournalsItsUsage()
    {
        var headers = new RouteHeaders();
        var direct = (await new RouteHeaders().Chat(fleet.Upstream, "optimus-edge").CompleteChatAsync([new UserChatMessage(Prompt)], Greedy(20))).Value;

        var result = await headers.Chat(fleet.Gateway, "optimus-cloud").CompleteChatAsync([new UserChatMessage(Prompt)], Greedy(20));

        var completion = result.Value;
        Assert.Equal(direct.Content[0].Text, completion.Content[0].Text);
        Assert.Equal((direct.Usage.InputTokenCount, 20), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
        Assert.Equal("optimus-cloud", completion.Model);
        Assert.Equal(("cloud; reason=model", "cloud"), (headers.Route, headers.Vehicle));
        using var body = JsonDocument.Parse(result.GetRawResponse().Content.ToString());
        Assert.Equal("cloud", body.RootElement.GetProperty("optimus").GetProperty("tier").GetString());
        var row = await Journal.WaitForJobAsync(fleet.Gateway, completion.Id);
        Assert.Equal(("cloud", completion.Usage.InputTokenCount, 20, "served"), (row.VehicleId, row.PromptTokens, row.CompletionTokens, row.Status));
    }

    [Fact]
    public async Task CompleteChatStreaming_CloudModel_RelaysTokenByTokenWithUsage()
    {
        var plain = (await new RouteHeaders().Chat(fleet.Gateway, "optimus-cloud").CompleteChatAsync([new UserChatMessage(Prompt)], Greedy(24))).Value.Content[0].Text;
        var headers = new RouteHeaders();
        var streamed = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        var updates = 0;

        await foreach (var update in headers.Chat(fleet.Gateway, "optimus-cloud").CompleteChatStreamingAsync([new UserChatMessage(Prompt)], Greedy(24)))
        {
            updates++;
            streamed.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
            Assert.Equal("optimus-cloud", update.Model);
        }

        Assert.True(updates > 2, $"expected the upstream's tokens as several chunks, got {updates}");
        Assert.Equal(plain, streamed.ToString());
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.Equal(24, usage?.OutputTokenCount);
        Assert.Equal("cloud; reason=model", headers.Route);
    }

    [Fact]
    public async Task Completions_CloudModel_RawPromptStreamsWithoutUsageUnlessAsked()
    {
        var request = new { model = "optimus-cloud", prompt = Prompt, max_tokens = 8, temperature = 0, stream = true };
        using var upstream = new HttpClient { BaseAddress = fleet.Upstream.ApiUrl, DefaultRequestHeaders = { Authorization = fleet.Upstream.Authorization } };
        using var direct = await upstream.PostAsJsonAsync("v1/completions", request with { model = "optimus-edge" });

        using var response = await fleet.Http.PostAsJsonAsync("v1/completions", request);

        response.EnsureSuccessStatusCode();
        Assert.Equal("cloud; reason=model", response.Headers.GetValues("x-optimus-route").Single());
        Assert.Equal(await TextOfAsync(direct), await TextOfAsync(response));
    }

    // The concatenated text of a /v1/completions stream; fails on any chunk without choices (a usage chunk).
    private static async Task<string> TextOfAsync(HttpResponseMessage response)
    {
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        return string.Concat(events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("text").GetString()));
    }
}
