using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Gateway.Cloud;
using Polly.CircuitBreaker;

namespace Optimus.Gateway.Tests.Cloud;

/// <summary>The cloud tier's HttpClient and resilience pipeline, against a scripted in-memory upstream.</summary>
public sealed class CloudPipelineTests
{
    [Fact]
    public async Task Send_UpstreamFailsTwiceThenAnswers_RetriesAndCountsEveryAttempt()
    {
        var upstream = new ScriptedHandler(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway, HttpStatusCode.OK);
        using var services = Build(upstream, new CloudOptions { MaxRetries = 2 });

        var (response, attempts) = await SendAsync(services);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, attempts);
        Assert.Equal(3, upstream.Requests.Count);
        Assert.All(upstream.Requests, r => Assert.Equal("http://upstream.test/v1/chat/completions", r.Url));
        Assert.All(upstream.Requests, r => Assert.Equal("Bearer test-key", r.Authorization));
    }

    [Fact]
    public async Task Send_Upstream400_IsNotRetried()
    {
        var upstream = new ScriptedHandler(HttpStatusCode.BadRequest);
        using var services = Build(upstream, new CloudOptions { MaxRetries = 2 });

        var (response, attempts) = await SendAsync(services);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Send_UpstreamKeepsFailing_CircuitOpensAndLaterCallsDoNotReachIt()
    {
        var upstream = new ScriptedHandler(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 20).ToArray());
        using var services = Build(upstream, new CloudOptions { MaxRetries = 5, CircuitMinimumThroughput = 4, BreakDuration = TimeSpan.FromMinutes(1) });

        await Assert.ThrowsAsync<BrokenCircuitException>(() => SendAsync(services));
        var reached = upstream.Requests.Count;
        await Assert.ThrowsAsync<BrokenCircuitException>(() => SendAsync(services));

        Assert.Equal(4, reached);
        Assert.Equal(reached, upstream.Requests.Count);
    }

    private static ServiceProvider Build(ScriptedHandler upstream, CloudOptions options)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddOptimusCloud(options with { BaseUrl = new Uri("http://upstream.test/v1"), Model = "m", ApiKey = "test-key", RetryDelay = TimeSpan.FromMilliseconds(1) });
        services.AddHttpClient(CloudServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => upstream);
        return services.BuildServiceProvider();
    }

    private static async Task<(HttpResponseMessage Response, int Attempts)> SendAsync(ServiceProvider services)
    {
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(CloudServiceCollectionExtensions.HttpClientName);
        var attempts = new StrongBox<int>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent("{}") };
        request.Options.Set(AttemptCounter.Key, attempts);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, attempts.Value);
    }

    private sealed class ScriptedHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        private int _next;

        public List<(string Url, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((request.RequestUri!.ToString(), request.Headers.Authorization?.ToString()));
            }

            var status = statuses[Math.Min(Interlocked.Increment(ref _next) - 1, statuses.Length - 1)];
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("{}") });
        }
    }
}
