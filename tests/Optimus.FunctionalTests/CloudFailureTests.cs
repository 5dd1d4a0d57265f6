using System.ClientModel;
using System.Text.Json;
using OpenAI.Chat;
using Optimus.Routing.Model;

namespace Optimus.FunctionalTests;

/// <summary>The cloud tier when its upstream fails: retries, OpenAI-shaped errors, and optimus-auto's fallback.</summary>
[Collection(FlakyCloudGroup.Name)]
public sealed class CloudFailureTests(FlakyCloudFixture fleet)
{
    private const int Attempts = FlakyCloudFixture.MaxRetries + 1;

    [Fact]
    public async Task CompleteChat_UpstreamFailsOnceThenAnswers_RetriesAndAnswers()
    {
        fleet.Upstream.Script(FlakyReply.ServerError);
        var headers = new RouteHeaders();

        var completion = (await headers.Chat(fleet.Gateway, "optimus-cloud").CompleteChatAsync([new UserChatMessage("hi")])).Value;

        Assert.Equal(FlakyUpstream.Answer, completion.Content[0].Text);
        Assert.Equal((7, 5), (completion.Usage.InputTokenCount, completion.Usage.OutputTokenCount));
        Assert.Equal(2, fleet.Upstream.Requests.Count);
        Assert.All(fleet.Upstream.Requests, r => Assert.Equal(("Bearer test-key", "big-model"), (r.Authorization, r.Body.GetProperty("model").GetString())));
        var row = await Journal.WaitForJobAsync(fleet.Gateway, completion.Id);
        Assert.Equal(("cloud", 7, 5, "served"), (row.VehicleId, row.PromptTokens, row.CompletionTokens, row.Status));
    }

    [Fact]
    public async Task CompleteChat_UpstreamFailsEveryAttempt_Returns502SayingWhatFailed()
    {
        fleet.Upstream.Script(Enumerable.Repeat(FlakyReply.ServerError, Attempts).ToArray());

        var error = await ErrorOfAsync(false);

        Assert.Equal(502, error.Status);
        Assert.Equal("cloud_upstream_error", error.Code);
        Assert.Contains($"HTTP 500 after {Attempts} attempts: model overloaded", error.Message, StringComparison.Ordinal);
        Assert.Equal(Attempts, fleet.Upstream.Requests.Count);
    }

    [Fact]
    public async Task CompleteChatStreaming_UpstreamFailsBeforeTheFirstToken_PlainHttpError()
    {
        fleet.Upstream.Script(Enumerable.Repeat(FlakyReply.ServerError, Attempts).ToArray());

        var error = await ErrorOfAsync(true);

        Assert.Equal((502, "cloud_upstream_error"), (error.Status, error.Code));
    }

    [Fact]
    public async Task CompleteChat_UpstreamDropsTheConnection_Returns502Unreachable()
    {
        fleet.Upstream.Script(Enumerable.Repeat<FlakyReply>(new FlakyReply.Abort(), Attempts).ToArray());

        var error = await ErrorOfAsync(false);

        Assert.Equal((502, "cloud_unreachable"), (error.Status, error.Code));
        Assert.Equal(Attempts, fleet.Upstream.Requests.Count);
    }

    [Fact]
    public async Task CompleteChat_UpstreamSilent_Returns504AfterEachAttemptTimedOut()
    {
        fleet.Upstream.Script(Enumerable.Repeat<FlakyReply>(new FlakyReply.Silent(), Attempts).ToArray());

        var error = await ErrorOfAsync(false);

        Assert.Equal((504, "cloud_timeout"), (error.Status, error.Code));
        Assert.Equal(Attempts, fleet.Upstream.Requests.Count);
    }

    [Fact]
    public async Task CompleteChat_UpstreamRejectsTheRequest_Its400PassesThroughWithoutRetry()
    {
        fleet.Upstream.Script(new FlakyReply.Status(400, """{"error":{"message":"temperature too high","type":"invalid_request_error","param":"temperature","code":"bad_temperature"}}"""));

        var error = await ErrorOfAsync(false);

        Assert.Equal((400, "invalid_request_error", "temperature", "bad_temperature"), (error.Status, error.Type, error.Param, error.Code));
        Assert.Single(fleet.Upstream.Requests);
    }

    [Fact]
    public async Task CompleteChatStreaming_UpstreamStreams_EventsRelayedWithItsUsage()
    {
        fleet.Upstream.Script();
        var text = "";
        ChatTokenUsage? usage = null;

        await foreach (var update in new RouteHeaders().Chat(fleet.Gateway, "optimus-cloud").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            text += string.Concat(update.ContentUpdate.Select(p => p.Text));
            usage ??= update.Usage;
        }

        Assert.Equal(FlakyUpstream.Answer, text);
        Assert.Equal(5, usage?.OutputTokenCount);
        Assert.True(fleet.Upstream.Requests.Single().Body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task CompleteChat_AutoScoredForTheCloudButTheCloudFails_TheEdgeAnswers()
    {
        var prompt = TestRouter.PromptsRoutedTo(fleet.Router, RouteTier.Cloud).First();
        fleet.Upstream.Script(Enumerable.Repeat(FlakyReply.ServerError, Attempts).ToArray());
        var headers = new RouteHeaders();

        var completion = (await headers.Chat(fleet.Gateway, "optimus-auto").CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 5 })).Value;

        Assert.Equal("edge; reason=cloud-failed", headers.Route);
        Assert.Equal(fleet.Router.RouteBeforeGeneration(prompt).Score, headers.Score);
        Assert.StartsWith("veh-", headers.Vehicle, StringComparison.Ordinal);
        Assert.NotEqual(FlakyUpstream.Answer, completion.Content[0].Text);
    }

    // The OpenAI-shaped error the gateway answers a cloud request with, through the SDK.
    private async Task<(int Status, string? Type, string? Param, string? Code, string Message)> ErrorOfAsync(bool stream)
    {
        var chat = new RouteHeaders().Chat(fleet.Gateway, "optimus-cloud");
        var failure = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            if (stream)
            {
                await foreach (var _ in chat.CompleteChatStreamingAsync([new UserChatMessage("hi")]))
                {
                }
            }
            else
            {
                await chat.CompleteChatAsync([new UserChatMessage("hi")]);
            }
        });
        var error = JsonDocument.Parse(failure.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        return (failure.Status, error.GetProperty("type").GetString(), error.GetProperty("param").GetString(), error.GetProperty("code").GetString(), error.GetProperty("message").GetString()!);
    }
}
