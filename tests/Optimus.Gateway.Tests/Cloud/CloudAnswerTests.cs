using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Optimus.Gateway.Cloud;
using Optimus.Gateway.Routing;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Tests.Cloud;

public sealed class CloudAnswerTests
{
    private static readonly RouteInfo Cascade = new(RouteTier.Cloud, RouteReasons.Cascade, 0.75, 0.5);

    [Fact]
    public void TakeAndWrite_Completion_OurIdModelAndOptimusAroundTheUpstreamsChoices()
    {
        var answer = new CloudAnswer("chatcmpl-ours", "optimus-auto", 42, Cascade);
        var upstream = Node("""{"id":"up","object":"chat.completion","created":1,"model":"grok","choices":[{"index":0,"message":{"role":"assistant","content":"hi","tool_calls":[{"id":"t"}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":7,"completion_tokens":3,"total_tokens":10},"optimus":{"vehicle":"sim-1"}}""");

        Assert.True(answer.Take(upstream, keepUsage: true));
        var written = Write(answer, upstream);

        Assert.Equal("chatcmpl-ours", written.GetProperty("id").GetString());
        Assert.Equal("optimus-auto", written.GetProperty("model").GetString());
        Assert.Equal(42, written.GetProperty("created").GetInt64());
        Assert.Equal("t", written.GetProperty("choices")[0].GetProperty("message").GetProperty("tool_calls")[0].GetProperty("id").GetString());
        var optimus = written.GetProperty("optimus");
        Assert.Equal(("cloud", "cloud", "cascade", 0.75), (optimus.GetProperty("vehicle").GetString(), optimus.GetProperty("tier").GetString(), optimus.GetProperty("route").GetString(), optimus.GetProperty("score").GetDouble()));
        Assert.Equal((7, 3, "tool_calls"), (answer.PromptTokens, answer.CompletionTokens, answer.FinishReason));
    }

    [Fact]
    public void Take_UsageChunkTheClientDidNotAskFor_IsMeteredButNotSent()
    {
        var answer = new CloudAnswer("id", "optimus-cloud", 1, RouteInfo.CloudModel);
        var usageOnly = Node("""{"object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":9}}""");
        var withContent = Node("""{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"a"}}],"usage":{"prompt_tokens":5,"completion_tokens":1}}""");

        Assert.False(answer.Take(usageOnly, keepUsage: false));
        Assert.Equal(9, answer.CompletionTokens);
        Assert.True(answer.Take(withContent, keepUsage: false));
        Assert.False(withContent.ContainsKey("usage"));
    }

    private static JsonObject Node(string json) => (JsonObject)JsonNode.Parse(json)!;

    private static JsonElement Write(CloudAnswer answer, JsonObject upstream)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            answer.Write(writer, upstream);
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(buffer.ToArray())).RootElement.Clone();
    }
}
