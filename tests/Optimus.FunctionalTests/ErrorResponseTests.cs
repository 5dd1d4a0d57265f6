using System.ClientModel;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace Optimus.FunctionalTests;

[Collection(FleetGroup.Name)]
public sealed class ErrorResponseTests(FleetFixture fleet)
{
    public static TheoryData<string, string, string?> BadChatBodies => new()
    {
        { "{not json", "", null },
        { "[1,2]", "", null },
        { """{"model":"optimus-edge"}""", "messages", null },
        { """{"model":"optimus-edge","messages":[]}""", "messages", null },
        { """{"model":"optimus-edge","messages":"hello"}""", "messages", null },
        { """{"model":"optimus-edge","messages":[42]}""", "messages[0]", null },
        { """{"model":"optimus-edge","messages":[{"role":"wizard","content":"hi"}]}""", "messages[0].role", null },
        { """{"model":"optimus-edge","messages":[{"role":"user","content":7}]}""", "messages[0].content", null },
        { """{"messages":[{"role":"user","content":"hi"}]}""", "model", null },
        { """{"model":5,"messages":[{"role":"user","content":"hi"}]}""", "model", null },
        { """{"model":"optimus-edge","temperature":"hot","messages":[{"role":"user","content":"hi"}]}""", "temperature", null },
        { """{"model":"optimus-edge","temperature":3,"messages":[{"role":"user","content":"hi"}]}""", "temperature", null },
        { """{"model":"optimus-edge","max_tokens":-1,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens", null },
        { """{"model":"optimus-edge","max_tokens":1.5,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens", null },
        { """{"model":"optimus-edge","stream":"yes","messages":[{"role":"user","content":"hi"}]}""", "stream", null },
        { """{"model":"optimus-edge","stop":[1],"messages":[{"role":"user","content":"hi"}]}""", "stop", null },
        { """{"model":"optimus-edge","n":2,"messages":[{"role":"user","content":"hi"}]}""", "n", null },
        { """{"model":"optimus-edge","max_tokens":100000,"messages":[{"role":"user","content":"hi"}]}""", "max_tokens", "context_length_exceeded" },
    };

    [Theory]
    [MemberData(nameof(BadChatBodies))]
    public async Task ChatCompletions_InvalidBody_Returns400WithOpenAiErrorNamingTheField(string body, string param, string? code)
    {
        using var response = await fleet.Http.PostAsync("v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ReadErrorAsync(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(param.Length == 0 ? null : param, error.GetProperty("param").GetString());
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task ChatCompletions_PromptLongerThanContext_Returns400ContextLengthExceeded()
    {
        var longPrompt = string.Join(' ', Enumerable.Repeat("Once upon a time there was a cat.", 500));
        var body = JsonSerializer.Serialize(new { model = "optimus-edge", max_tokens = 10, messages = new[] { new { role = "user", content = longPrompt } } });

        using var response = await fleet.Http.PostAsync("v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ReadErrorAsync(response);
        Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
        Assert.Contains("maximum context length", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_UnknownModel_Returns404ThroughTheSdk()
    {
        var client = new ChatClient("gpt-9", new ApiKeyCredential(fleet.Up.DemoKey!), new OpenAI.OpenAIClientOptions { Endpoint = new Uri(fleet.ApiUrl, "v1") });

        var ex = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, ex.Status);
        var error = JsonDocument.Parse(ex.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task UnknownPath_Returns404InOpenAiShape()
    {
        using var response = await fleet.Http.GetAsync("v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_url", (await ReadErrorAsync(response)).GetProperty("code").GetString());
    }

    internal static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error").Clone();
        foreach (var field in new[] { "message", "type", "param", "code" })
        {
            Assert.True(error.TryGetProperty(field, out _), $"error.{field} is missing");
        }

        return error;
    }
}
