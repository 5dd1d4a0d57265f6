using System.Globalization;
using Optimus.Gateway.Api;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Optimus.Gateway.Cloud;

/// <summary>
/// Turns the cloud upstream's failures into OpenAI-shaped errors that say what failed. The upstream's 4xx are the
/// request's fault and keep their status and details, except where they concern the gateway's own configuration
/// (401/403: its API key; 404: its base URL or model), which the client cannot fix: those are 502, as are 5xx,
/// broken connections and bad answers; a paused circuit is 503 with Retry-After; timeouts are 504.
/// </summary>
internal static class CloudErrors
{
    private const int MaxErrorBodyBytes = 16 * 1024;

    public static async Task<ApiError> FromResponseAsync(HttpResponseMessage response, int attempts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        string? text = null;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            text = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status alone still says what happened.
        }

        var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)Math.Ceiling(delta.TotalSeconds) : (int?)null;
        return FromStatus((int)response.StatusCode, UpstreamError.Parse(text), attempts, retryAfter);
    }

    public static ApiError FromStatus(int status, UpstreamError error, int attempts, int? retryAfterSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var detail = string.IsNullOrWhiteSpace(error.Message) ? "." : $": {error.Message}";
        return status switch
        {
            >= 500 => ApiError.Cloud(StatusCodes.Status502BadGateway, $"The cloud model's upstream failed with HTTP {status} {After(attempts)}{detail}", "cloud_upstream_error"),
            StatusCodes.Status408RequestTimeout => ApiError.Cloud(StatusCodes.Status504GatewayTimeout, $"The cloud model's upstream timed out (HTTP 408) {After(attempts)}{detail}", "cloud_timeout"),
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => ApiError.Cloud(
                StatusCodes.Status502BadGateway,
                $"The cloud model's upstream refused this gateway's credentials (HTTP {status}){detail} The operator must check OPTIMUS_CLOUD_API_KEY.",
                "cloud_upstream_auth"),
            StatusCodes.Status404NotFound => ApiError.Cloud(
                StatusCodes.Status502BadGateway,
                $"The cloud model's upstream knows no such model or path (HTTP 404){detail} The operator must check the cloud base URL and model.",
                "cloud_upstream_not_found"),
            StatusCodes.Status429TooManyRequests => new ApiError(
                status,
                $"The cloud model's upstream is rate limiting this gateway{detail} Retry after the number of seconds in Retry-After.",
                "rate_limit_error",
                null,
                error.Code ?? "cloud_rate_limited",
                retryAfterSeconds ?? 1),
            >= 400 => new ApiError(status, $"The cloud model rejected the request{detail}", error.Type ?? ApiError.InvalidRequest, error.Param, error.Code),
            _ => ApiError.Cloud(StatusCodes.Status502BadGateway, $"The cloud model's upstream answered with an unexpected HTTP {status}.", "cloud_upstream_error"),
        };
    }

    /// <summary>The error for an exception out of the resilience pipeline; null for one that is not an upstream failure.</summary>
    public static ApiError? FromException(Exception exception, int attempts, CloudOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return exception switch
        {
            BrokenCircuitException broken => ApiError.Cloud(
                StatusCodes.Status503ServiceUnavailable,
                "The cloud model's upstream failed repeatedly, so calls to it are paused. Retry after the number of seconds in Retry-After.",
                "cloud_unavailable",
                (int)Math.Ceiling((broken.RetryAfter ?? options.BreakDuration).TotalSeconds)),
            TimeoutRejectedException timeout => ApiError.Cloud(
                StatusCodes.Status504GatewayTimeout,
                $"The cloud model's upstream did not answer within {Seconds(timeout.Timeout)} {After(attempts)}.",
                "cloud_timeout"),
            HttpRequestException failed => ApiError.Cloud(
                StatusCodes.Status502BadGateway,
                $"The cloud model's upstream could not be reached {After(attempts)}: {failed.Message}",
                "cloud_unreachable"),
            _ => null,
        };
    }

    /// <summary>The upstream sent nothing for longer than the attempt timeout while answering.</summary>
    public static ApiError Silent(TimeSpan timeout) => ApiError.Cloud(
        StatusCodes.Status504GatewayTimeout,
        $"The cloud model's upstream went silent for {Seconds(timeout)} while answering.",
        "cloud_timeout");

    /// <summary>The connection broke, or the stream ended early, while the upstream was answering.</summary>
    public static ApiError Broken(string reason) => ApiError.Cloud(
        StatusCodes.Status502BadGateway,
        $"The cloud model's upstream stopped answering midway: {reason}",
        "cloud_upstream_error");

    /// <summary>The upstream answered 200 with something that is not a completion.</summary>
    public static ApiError BadAnswer(string reason) => ApiError.Cloud(
        StatusCodes.Status502BadGateway,
        $"The cloud model's upstream sent an answer that is not a completion: {reason}",
        "cloud_bad_response");

    /// <summary>An error event inside the upstream's stream.</summary>
    public static ApiError InStream(UpstreamError error) => ApiError.Cloud(
        StatusCodes.Status502BadGateway,
        $"The cloud model's upstream failed while answering: {error.Message ?? "no message"}",
        error.Code ?? "cloud_upstream_error");

    private static string After(int attempts) => attempts == 1 ? "after 1 attempt" : $"after {attempts} attempts";

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###} s");
}
