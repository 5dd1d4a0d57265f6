using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Optimus.Routing.Model;

namespace Optimus.FunctionalTests;

/// <summary>
/// optimus-auto end to end through the OpenAI SDK: hints, the prompt score of the router file, and the cascade after
/// generation (non-streamed only; streams use the prompt score alone).
/// </summary>
[Collection(CloudFleetGroup.Name)]
public sealed class AutoRoutingTests(CloudFleetFixture fleet)
{
    private const int MaxTokens = 24;

    // Story openings first (the edge model's home ground), then held-out questions the router keeps on the edge.
    private static readonly string[] StoryPrompts = ["Once upon a time", "The little dog", "Lily and Tom went to the park", "One day, a cat"];

    private static ChatCompletionOptions Greedy() => new() { Temperature = 0, MaxOutputTokenCount = MaxTokens };

    [Theory]
    [InlineData("edge")]
    [InlineData("cloud")]
    public async Task CompleteChat_RouteHintHeader_ServesOnTheNamedTier(string tier)
    {
        var headers = new RouteHeaders(hint: tier);

        var result = await headers.Chat(fleet.Gateway, "optimus-auto").CompleteChatAsync([new UserChatMessage("Once upon a time")], Greedy());

        Assert.Equal($"{tier}; reason=hint", headers.Route);
        Assert.Null(headers.Score);
        Assert.StartsWith(tier == "cloud" ? "cloud" : "veh-", headers.Vehicle, StringComparison.Ordinal);
        Assert.Equal(tier, Optimus(result.GetRawResponse().Content.ToString()).GetProperty("tier").GetString());
    }

    [Fact]
    public async Task CompleteChat_PromptScoredForTheCloud_SameDecisionAndScoreAsTheRouterFileEveryTime()
    {
        var prompt = TestRouter.PromptsRoutedTo(fleet.Router, RouteTier.Cloud).First();
        var expected = fleet.Router.RouteBeforeGeneration(prompt);

        var routes = new List<(string?, double?)>();
        for (var i = 0; i < 2; i++)
        {
            var headers = new RouteHeaders();
            var result = await headers.Chat(fleet.Gateway, "optimus-auto").CompleteChatAsync([new UserChatMessage(prompt)], Greedy());
            routes.Add((headers.Route, headers.Score));
            var optimus = Optimus(result.GetRawResponse().Content.ToString());
            Assert.Equal(expected.Score, optimus.GetProperty("score").GetDouble());
            Assert.Equal(expected.Threshold, optimus.GetProperty("threshold").GetDouble());
        }

        Assert.All(routes, r => Assert.Equal(("cloud; reason=prompt-score", (double?)expected.Score), r));
    }

    [Fact]
    public async Task CompleteChat_EdgeAnswerBelowTheCascadeThreshold_CloudAnswerReplacesIt()
    {
        var (prompt, edgeAnswer) = await FindPromptAsync(RouteTier.Cloud);
        var expected = fleet.Router.RouteAfterGeneration(prompt, edgeAnswer);
        var headers = new RouteHeaders();

        var result = await headers.Chat(fleet.Gateway, "optimus-auto").CompleteChatAsync([new UserChatMessage(prompt)], Greedy());

        Assert.Equal(("cloud; reason=cascade", (double?)expected.Score, "cloud"), (headers.Route, headers.Score, headers.Vehicle));
        var completion = result.Value;
        Assert.Equal("optimus-auto", completion.Model);
        // The answer is the cloud's, journalled as a cloud call; the edge's attempt is journalled too (a vehicle did the work).
        var row = await Journal.WaitForJobAsync(fleet.Gateway, completion.Id);
        Assert.Equal(("cloud", MaxTokens), (row.VehicleId, row.CompletionTokens));
    }

    [Fact]
    public async Task CompleteChatStreaming_PromptTheCascadeWouldEscalate_StreamsTheEdgeAnswerOnThePromptScoreAlone()
    {
        var (prompt, edgeAnswer) = await FindPromptAsync(RouteTier.Cloud);
        var expected = fleet.Router.RouteBeforeGeneration(prompt);
        var headers = new RouteHeaders();
        var streamed = new StringBuilder();

        await foreach (var update in headers.Chat(fleet.Gateway, "optimus-auto").CompleteChatStreamingAsync([new UserChatMessage(prompt)], Greedy()))
        {
            streamed.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
        }

        Assert.Equal(("edge; reason=prompt-score", (double?)expected.Score), (headers.Route, headers.Score));
        Assert.StartsWith("veh-", headers.Vehicle, StringComparison.Ordinal);
        Assert.Equal(edgeAnswer, streamed.ToString());
    }

    [Fact]
    public async Task CompleteChatStreaming_PromptScoredForTheCloud_StreamsTheUpstreamsAnswer()
    {
        var prompt = TestRouter.PromptsRoutedTo(fleet.Router, RouteTier.Cloud).First();
        var direct = (await new RouteHeaders().Chat(fleet.Upstream, "optimus-edge").CompleteChatAsync([new UserChatMessage(prompt)], Greedy())).Value.Content[0].Text;
        var headers = new RouteHeaders();
        var streamed = new StringBuilder();

        await foreach (var update in headers.Chat(fleet.Gateway, "optimus-auto").CompleteChatStreamingAsync([new UserChatMessage(prompt)], Greedy()))
        {
            streamed.Append(string.Concat(update.ContentUpdate.Select(p => p.Text)));
        }

        Assert.Equal(("cloud; reason=prompt-score", "cloud"), (headers.Route, headers.Vehicle));
        Assert.Equal(direct, streamed.ToString());
    }

    [Theory]
    [InlineData("""{"tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object"}}}]}""", "tools")]
    [InlineData("""{"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"object"}}}}""", "response-format")]
    [InlineData("""{"optimus":{"route":"cloud"}}""", "hint")]
    public async Task ChatCompletions_WhatTheEdgeCannotServeOrTheBodyHint_GoesToTheCloud(string extra, string reason)
    {
        var body = JsonSerializer.Deserialize<Dictionary<string, object>>(extra)!;
        body["model"] = "optimus-auto";
        body["max_tokens"] = 4;
        body["messages"] = new[] { new { role = "user", content = "Once upon a time" } };

        using var response = await fleet.Http.PostAsJsonAsync("v1/chat/completions", body);

        response.EnsureSuccessStatusCode();
        Assert.Equal($"cloud; reason={reason}", response.Headers.GetValues("x-optimus-route").Single());
    }

    [Fact]
    public async Task ChatCompletions_UnknownRouteHint_Returns400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "optimus-auto", messages = new[] { new { role = "user", content = "hi" } } }),
        };
        request.Headers.Add("x-optimus-route", "moon");

        using var response = await fleet.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_route", (await ErrorResponseTests.ReadErrorAsync(response)).GetProperty("code").GetString());
    }

    // A prompt the router keeps on the edge before generation whose greedy edge answer the cascade sends to
    // `cascade`, with that answer. Deterministic: greedy decoding, and the same router file.
    private async Task<(string Prompt, string EdgeAnswer)> FindPromptAsync(RouteTier cascade)
    {
        var edge = new RouteHeaders().Chat(fleet.Gateway, "optimus-edge");
        foreach (var prompt in StoryPrompts.Concat(TestRouter.PromptsRoutedTo(fleet.Router, RouteTier.Edge).Take(20)))
        {
            if (fleet.Router.RouteBeforeGeneration(prompt).Tier != RouteTier.Edge)
            {
                continue;
            }

            var answer = (await edge.CompleteChatAsync([new UserChatMessage(prompt)], Greedy())).Value.Content[0].Text;
            if (fleet.Router.RouteAfterGeneration(prompt, answer).Tier == cascade)
            {
                return (prompt, answer);
            }
        }

        throw new InvalidOperationException($"No candidate prompt stays on the edge by its prompt score and goes to {cascade} after generation (router seed {TestRouter.Seed}).");
    }

    private static JsonElement Optimus(string body) => JsonDocument.Parse(body).RootElement.GetProperty("optimus").Clone();
}
