using System.Text.Json;
using Optimus.Gateway.Cloud;

namespace Optimus.Gateway.Tests.Cloud;

public sealed class UpstreamRequestTests
{
    [Fact]
    public async Task Create_ForwardsTheBodyWithTheUpstreamModelAndWithoutOurHint()
    {
        var body = Parse("""{"model":"optimus-auto","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function"}],"optimus":{"route":"cloud"},"temperature":0}""");

        var sent = await ReadAsync(UpstreamRequest.Create(body, "grok-4", stream: false));

        Assert.Equal("grok-4", sent.GetProperty("model").GetString());
        Assert.Equal(1, sent.GetProperty("tools").GetArrayLength());
        Assert.Equal(0, sent.GetProperty("temperature").GetInt32());
        Assert.False(sent.TryGetProperty("optimus", out _));
        Assert.False(sent.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public async Task Create_FieldsOutsideTheAllowList_AreNotForwarded()
    {
        var body = Parse("""
            {"model":"optimus-cloud","messages":[{"role":"user","content":"hi"}],"user":"alice@example.com","metadata":{"ssn":"1"},
             "store":true,"x_internal_secret":"s3cret","max_tokens":5,"stop":["\n"],"seed":7,"response_format":{"type":"json_object"}}
            """);

        var sent = await ReadAsync(UpstreamRequest.Create(body, "grok-4", stream: false));

        Assert.Equal(["max_tokens", "messages", "model", "response_format", "seed", "stop"], sent.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("s3cret", sent.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("alice", sent.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Stream_AlwaysAsksForUsageAndKeepsOtherStreamOptions()
    {
        var body = Parse("""{"model":"optimus-cloud","stream":true,"stream_options":{"include_usage":false,"other":1},"prompt":"x"}""");

        var options = (await ReadAsync(UpstreamRequest.Create(body, "m", stream: true))).GetProperty("stream_options");

        Assert.True(options.GetProperty("include_usage").GetBoolean());
        Assert.Equal(1, options.GetProperty("other").GetInt32());
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static async Task<JsonElement> ReadAsync(HttpContent content)
    {
        Assert.Equal("application/json", content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await content.ReadAsStringAsync()).RootElement.Clone();
    }
}
