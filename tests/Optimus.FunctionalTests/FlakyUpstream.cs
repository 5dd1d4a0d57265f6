using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Optimus.FunctionalTests;

/// <summary>
/// A small OpenAI-compatible upstream on loopback (Kestrel) that fails on cue: each request takes the next scripted
/// reply, and once the script is used up it answers with <see cref="Answer"/> (streamed when asked).
/// </summary>
internal sealed class FlakyUpstream : IAsyncDisposable
{
    public const string Answer = "The cloud says hello.";

    private readonly ConcurrentQueue<FlakyReply> _script = new();
    private readonly WebApplication _app;

    private FlakyUpstream(WebApplication app) => _app = app;

    /// <summary>The API root to configure as the cloud base URL.</summary>
    public Uri BaseUrl => new(_app.Urls.Single().TrimEnd('/') + "/v1");

    /// <summary>What each request sent: its Authorization header and body.</summary>
    public ConcurrentQueue<(string? Authorization, JsonElement Body)> Requests { get; } = new();

    public static async Task<FlakyUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FlakyUpstream(app);
        app.MapPost("/v1/chat/completions", upstream.HandleAsync);
        await app.StartAsync();
        return upstream;
    }

    /// <summary>Replaces the script and forgets earlier requests.</summary>
    public void Script(params FlakyReply[] replies)
    {
        _script.Clear();
        Requests.Clear();
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        Requests.Enqueue((context.Request.Headers.Authorization.ToString(), body.RootElement.Clone()));
        switch (_script.TryDequeue(out var reply) ? reply : null)
        {
            case FlakyReply.Status status:
                context.Response.StatusCode = status.Code;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(status.Body);
                return;
            case FlakyReply.Abort:
                context.Abort();
                return;
            case FlakyReply.Silent:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(static _ => { }, TaskScheduler.Default);
                return;
        }

        var stream = body.RootElement.TryGetProperty("stream", out var s) && s.GetBoolean();
        if (!stream)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$$"""{"id":"up-1","object":"chat.completion","created":1,"model":"big-model","choices":[{"index":0,"message":{"role":"assistant","content":"{{{Answer}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"completion_tokens":5,"total_tokens":12}}""");
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var events = new StringBuilder();
        foreach (var word in Answer.Split(' ').Select((w, i) => i == 0 ? w : " " + w))
        {
            events.Append($$"""data: {"id":"up-1","object":"chat.completion.chunk","created":1,"model":"big-model","choices":[{"index":0,"delta":{"content":"{{word}}"},"finish_reason":null}]}""").Append("\n\n");
        }

        events.Append("""data: {"id":"up-1","object":"chat.completion.chunk","created":1,"model":"big-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""").Append("\n\n");
        events.Append("""data: {"id":"up-1","object":"chat.completion.chunk","created":1,"model":"big-model","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":5,"total_tokens":12}}""").Append("\n\n");
        events.Append("data: [DONE]\n\n");
        await context.Response.WriteAsync(events.ToString());
    }
}

/// <summary>One scripted reply of the <see cref="FlakyUpstream"/>.</summary>
internal abstract record FlakyReply
{
    public static FlakyReply ServerError { get; } = new Status(500, """{"error":{"message":"model overloaded","type":"server_error","param":null,"code":null}}""");

    /// <summary>Answers with this status and JSON body.</summary>
    public sealed record Status(int Code, string Body) : FlakyReply;

    /// <summary>Drops the connection without answering.</summary>
    public sealed record Abort : FlakyReply;

    /// <summary>Never answers (until the caller gives up).</summary>
    public sealed record Silent : FlakyReply;
}
