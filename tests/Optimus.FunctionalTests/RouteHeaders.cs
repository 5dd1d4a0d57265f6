using Optimus.Cli.Up;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using OpenAI;
using OpenAI.Chat;

namespace Optimus.FunctionalTests;

/// <summary>
/// A pipeline policy for the OpenAI SDK: sends an <c>x-optimus-route</c> hint when given one, and keeps the route
/// headers of the last response (streamed responses included, which the SDK's results do not expose).
/// </summary>
internal sealed class RouteHeaders(string? hint = null) : PipelinePolicy
{
    public string? Route { get; private set; }

    public double? Score { get; private set; }

    public string? Vehicle { get; private set; }

    /// <summary>A chat client for <paramref name="model"/> on <paramref name="gateway"/> with its demo key, reporting through this policy; the SDK's own retries are off.</summary>
    internal ChatClient Chat(OptimusUp gateway, string model)
    {
        var options = new OpenAIClientOptions { Endpoint = new Uri(gateway.ApiUrl, "v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        options.AddPolicy(this, PipelinePosition.PerCall);
        return new ChatClient(model, new ApiKeyCredential(gateway.DemoKey!), options);
    }

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        Before(message);
        ProcessNext(message, pipeline, currentIndex);
        After(message);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ArgumentNullException.ThrowIfNull(message);
        Before(message);
        await ProcessNextAsync(message, pipeline, currentIndex);
        After(message);
    }

    private void Before(PipelineMessage message)
    {
        if (hint is not null)
        {
            message.Request.Headers.Set("x-optimus-route", hint);
        }
    }

    private void After(PipelineMessage message)
    {
        var headers = message.Response?.Headers;
        Route = headers is not null && headers.TryGetValue("x-optimus-route", out var route) ? route : null;
        Score = headers is not null && headers.TryGetValue("x-optimus-route-score", out var score) ? double.Parse(score!, CultureInfo.InvariantCulture) : null;
        Vehicle = headers is not null && headers.TryGetValue("x-optimus-vehicle", out var vehicle) ? vehicle : null;
    }
}
