using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Optimus.Gateway.Cloud;

internal static class CloudServiceCollectionExtensions
{
    /// <summary>The named HttpClient (and resilience pipeline) of the cloud tier.</summary>
    public const string HttpClientName = "optimus-cloud";

    /// <summary>
    /// Registers the cloud tier: an HttpClient to the upstream behind a resilience pipeline (outermost first): a total
    /// timeout, retries with exponential backoff and jitter, a circuit breaker, and a timeout per attempt. The pipeline
    /// wraps sending the request and receiving the response headers only, so a stream already started is never retried.
    /// </summary>
    public static IServiceCollection AddOptimusCloud(this IServiceCollection services, CloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<CloudCompletions>();
        services.AddTransient<AttemptCounter>();
        var builder = services.AddHttpClient(HttpClientName, client =>
        {
            if (options.BaseUrl is { } baseUrl)
            {
                // A trailing slash makes "chat/completions" resolve under the base URL's path (…/v1/chat/completions).
                client.BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
            }

            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            }

            // The pipeline's timeouts govern; a stream's body is bounded by the idle timeout as it is read.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddResilienceHandler("upstream", pipeline =>
        {
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    // An upstream's 429 goes back to the client with its Retry-After rather than being waited out here.
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = Transient(),
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = options.CircuitMinimumThroughput,
                SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * options.AttemptTimeout.Ticks)),
                BreakDuration = options.BreakDuration,
                ShouldHandle = Transient(),
            });
            pipeline.AddTimeout(options.AttemptTimeout);
        });
        // Added after the resilience handler, so it sits inside it and sees every attempt.
        builder.AddHttpMessageHandler<AttemptCounter>();
        return services;
    }

    // Failures worth another attempt: the upstream's 5xx and 408, a connection that failed, an attempt that timed out.
    // Other 4xx are the request's own fault and fail the same way every time.
    private static PredicateBuilder<HttpResponseMessage> Transient() => new PredicateBuilder<HttpResponseMessage>()
        .Handle<HttpRequestException>()
        .Handle<TimeoutRejectedException>()
        .HandleResult(static r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout);
}
