using System.Text.Json;
using Optimus.Core.Inference;
using Optimus.Gateway.Api;
using Optimus.Gateway.Routing;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Tests.Routing;

public sealed class RoutePromptTests
{
    [Fact]
    public void Text_Chat_IsTheLastUserMessage()
    {
        var request = Chat(new ChatMessage("system", "Be brief."), new ChatMessage("user", "first"), new ChatMessage("assistant", "ok"), new ChatMessage("user", "What is 2+2?"));

        Assert.Equal("What is 2+2?", RoutePrompt.Text(request));
    }

    [Fact]
    public void Text_Completion_IsThePrompt()
    {
        Assert.Equal("Once upon a time", RoutePrompt.Text(Chat() with { IsChat = false, Messages = null, Prompt = "Once upon a time" }));
    }

    [Fact]
    public void EstimateTokens_CountsEveryMessagePessimistically()
    {
        var request = Chat(new ChatMessage("system", new string('a', 300)), new ChatMessage("user", new string('b', 30)));

        // 300/3 + 4 and 30/3 + 4: fewer bytes per token than real tokenizers, so long prompts err towards the cloud.
        Assert.Equal(118, RoutePrompt.EstimateTokens(request));
    }

    [Fact]
    public void RouteFacts_ToolsAndStructuredOutput_AreRead()
    {
        var body = JsonDocument.Parse("""{"tools":[{"type":"function"}],"response_format":{"type":"json_schema"}}""").RootElement;
        var empty = JsonDocument.Parse("""{"tools":[],"response_format":{"type":"text"}}""").RootElement;

        var facts = RouteFacts.From(Chat(new ChatMessage("user", "hi")), body, RouteTier.Edge, cloudConfigured: true, edgeContextLength: 512);
        var none = RouteFacts.From(Chat(new ChatMessage("user", "hi")), empty, null, cloudConfigured: true, edgeContextLength: 512);

        Assert.True(facts.HasTools);
        Assert.True(facts.StructuredOutput);
        Assert.Equal(RouteTier.Edge, facts.Hint);
        Assert.False(none.HasTools);
        Assert.False(none.StructuredOutput);
    }

    internal static InferenceRequest Chat(params ChatMessage[] messages) =>
        new(true, ModelCatalog.Auto, messages, null, false, false, 16, 0, 1, null, null, false, 0, false);
}
