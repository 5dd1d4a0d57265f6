using System.Text;
using System.Text.Json;
using Optimus.Gateway.Api;

namespace Optimus.Gateway.Tests.Api;

public sealed class RequestParserLimitsTests
{
    public static TheoryData<string, bool, string> LoneSurrogates => new()
    {
        { """{"model":"optimus-edge\ud800","messages":[{"role":"user","content":"hi"}]}""", true, "model" },
        { """{"model":"optimus-edge","messages":[{"role":"user","content":"a\udc00b"}]}""", true, "messages[0].content" },
        { """{"model":"optimus-edge","messages":[{"role":"user","content":[{"type":"text","text":"\ud83d"}]}]}""", true, "messages[0].content[0].text" },
        { """{"model":"optimus-edge","stop":["ok","\ud800"],"messages":[{"role":"user","content":"hi"}]}""", true, "stop[1]" },
        { """{"model":"optimus-edge","prompt":"\ud800x"}""", false, "prompt" },
        { """{"model":"optimus-edge","prompt":"x","\ud800":1}""", false, "(property name)" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void Parse_LoneSurrogate_Returns400NamingTheField(string body, bool isChat, string param)
    {
        var (_, error) = RequestParser.Parse(Parse(body), isChat);

        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
        Assert.Equal("invalid_unicode", error.Code);
    }

    [Fact]
    public void Parse_SurrogatePair_IsAccepted()
    {
        var (request, error) = RequestParser.Parse(Parse("""{"model":"optimus-edge","messages":[{"role":"user","content":"\ud83d\ude00"}]}"""), isChat: true);

        Assert.Null(error);
        Assert.Equal("😀", request!.Messages![0].Content);
    }

    public static TheoryData<string, string> OverLimits => new()
    {
        { Chat($"\"stop\":[{string.Join(',', Enumerable.Repeat("\"s\"", RequestLimits.MaxStops + 1))}]"), "stop" },
        { Chat("\"stop\":\"\""), "stop" },
        { Chat("\"stop\":[\"a\",\"\"]"), "stop[1]" },
        { Chat($"\"stop\":[\"{new string('x', RequestLimits.MaxStopBytes + 1)}\"]"), "stop[0]" },
        { Chat($"\"max_tokens\":{RequestLimits.MaxCompletionTokens + 1L}"), "max_tokens" },
        { Chat("\"max_tokens\":1e300"), "max_tokens" },
        { $"{{\"model\":\"{new string('m', RequestLimits.MaxModelBytes + 1)}\",\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}", "model" },
        { $"{{\"model\":\"optimus-edge\",\"messages\":[{string.Join(',', Enumerable.Repeat("{\"role\":\"user\",\"content\":\"x\"}", RequestLimits.MaxMessages + 1))}]}}", "messages" },
        { $"{{\"model\":\"optimus-edge\",\"messages\":[{{\"role\":\"user\",\"content\":\"{new string('x', RequestLimits.MaxPromptBytes + 1)}\"}}]}}", "messages" },
    };

    [Theory]
    [MemberData(nameof(OverLimits))]
    public void Parse_OverALimit_Returns400NamingTheField(string body, string param)
    {
        var (_, error) = RequestParser.Parse(Parse(body), isChat: true);

        Assert.NotNull(error);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void Parse_AtEveryLimit_IsAccepted()
    {
        var stops = string.Join(',', Enumerable.Range(0, RequestLimits.MaxStops).Select(_ => $"\"{new string('s', RequestLimits.MaxStopBytes)}\""));
        var messages = string.Join(',', Enumerable.Repeat("{\"role\":\"user\",\"content\":\"x\"}", RequestLimits.MaxMessages));
        var body = $"{{\"model\":\"optimus-edge\",\"max_tokens\":{RequestLimits.MaxCompletionTokens},\"stop\":[{stops}],\"messages\":[{messages}]}}";

        var (request, error) = RequestParser.Parse(Parse(body), isChat: true);

        Assert.Null(error);
        Assert.Equal(RequestLimits.MaxMessages, request!.Messages!.Count);
    }

    [Fact]
    public void Scrub_LoneSurrogate_IsReplacedAndPairsKept()
    {
        Assert.Equal("a\uFFFDb😀", JsonText.Scrub("a\ud800b😀"));
        Assert.Equal("plain", JsonText.Scrub("plain"));
        Assert.Equal(Encoding.UTF8.GetByteCount("a\uFFFDb"), Encoding.UTF8.GetByteCount(JsonText.Scrub("a\udfffb")));
    }

    private static string Chat(string extra) => $"{{\"model\":\"optimus-edge\",{extra},\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}]}}";

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
