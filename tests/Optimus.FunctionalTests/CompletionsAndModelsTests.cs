using System.Net;
using System.Text;
using System.Text.Json;

namespace Optimus.FunctionalTests;

[Collection(FleetGroup.Name)]
public sealed class CompletionsAndModelsTests(FleetFixture fleet)
{
    [Fact]
    public async Task Completions_RawPrompt_MatchesDirectLlamaSharpWithLegacyLogprobs()
    {
        var body = """{"model":"optimus-edge","prompt":"Once upon a time","max_tokens":16,"temperature":0,"logprobs":2}""";

        using var response = await fleet.Http.PostAsync("v1/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = json.RootElement.GetProperty("choices")[0];
        Assert.Equal("text_completion", json.RootElement.GetProperty("object").GetString());
        Assert.Equal(await DirectLlama.GreedyAsync("Once upon a time", 16), choice.GetProperty("text").GetString());
        Assert.Equal(16, choice.GetProperty("logprobs").GetProperty("token_logprobs").GetArrayLength());
        Assert.Equal(16, json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_Streaming_EndsWithDone()
    {
        var body = """{"model":"optimus-edge","prompt":"Once upon a time","max_tokens":8,"temperature":0,"stream":true}""";

        using var response = await fleet.Http.PostAsync("v1/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("data: [DONE]", events[^1]);
        var text = string.Concat(events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal(await DirectLlama.GreedyAsync("Once upon a time", 8), text);
    }

    [Fact]
    public async Task Models_ListsOptimusEdge()
    {
        using var json = JsonDocument.Parse(await fleet.Http.GetStringAsync("v1/models"));

        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
        Assert.Contains(json.RootElement.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == "optimus-edge");
    }

    [Fact]
    public async Task HealthAndReady_Return200WithVehiclesConnected()
    {
        using var health = await fleet.Http.GetAsync("health");
        using var ready = await fleet.Http.GetAsync("ready");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.GetProperty("serving").GetInt32());
    }
}
