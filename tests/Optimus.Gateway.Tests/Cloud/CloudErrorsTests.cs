using Optimus.Gateway.Cloud;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Optimus.Gateway.Tests.Cloud;

public sealed class CloudErrorsTests
{
    private static readonly UpstreamError Overloaded = UpstreamError.Parse("""{"error":{"message":"model overloaded","type":"server_error","param":null,"code":"overloaded"}}""");

    [Theory]
    [InlineData(500, 502, "cloud_upstream_error")]
    [InlineData(503, 502, "cloud_upstream_error")]
    [InlineData(408, 504, "cloud_timeout")]
    [InlineData(401, 502, "cloud_upstream_auth")]
    [InlineData(403, 502, "cloud_upstream_auth")]
    [InlineData(404, 502, "cloud_upstream_not_found")]
    public void FromStatus_UpstreamOrConfigurationFailure_IsA5xxSayingWhatFailed(int upstream, int status, string code)
    {
        var error = CloudErrors.FromStatus(upstream, Overloaded, attempts: 3);

        Assert.Equal(status, error.Status);
        Assert.Equal(code, error.Code);
        Assert.Contains($"HTTP {upstream}", error.Message, StringComparison.Ordinal);
        Assert.Contains("model overloaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStatus_5xxAfterRetries_SaysHowManyAttempts()
    {
        Assert.Contains("after 3 attempts", CloudErrors.FromStatus(500, UpstreamError.None, 3).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStatus_Upstream400_PassesStatusParamAndCodeThrough()
    {
        var upstream = UpstreamError.Parse("""{"error":{"message":"temperature too high","type":"invalid_request_error","param":"temperature","code":"bad_temperature"}}""");

        var error = CloudErrors.FromStatus(400, upstream, 1);

        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Equal("temperature", error.Param);
        Assert.Equal("bad_temperature", error.Code);
        Assert.Contains("temperature too high", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromStatus_Upstream429_Is429WithRetryAfter()
    {
        var error = CloudErrors.FromStatus(429, UpstreamError.Parse("slow down"), 1, retryAfterSeconds: 7);

        Assert.Equal(429, error.Status);
        Assert.Equal(7, error.RetryAfterSeconds);
        Assert.Equal("rate_limit_error", error.Type);
    }

    [Fact]
    public void FromException_MapsPipelineFailures()
    {
        var options = new CloudOptions { BreakDuration = TimeSpan.FromSeconds(15) };

        var broken = CloudErrors.FromException(new BrokenCircuitException("open"), 0, options)!;
        var timeout = CloudErrors.FromException(new TimeoutRejectedException("late", TimeSpan.FromSeconds(2)), 3, options)!;
        var unreachable = CloudErrors.FromException(new HttpRequestException("Connection refused"), 3, options)!;

        Assert.Equal((503, "cloud_unavailable", 15), (broken.Status, broken.Code, broken.RetryAfterSeconds));
        Assert.Equal((504, "cloud_timeout"), (timeout.Status, timeout.Code));
        Assert.Equal((502, "cloud_unreachable"), (unreachable.Status, unreachable.Code));
        Assert.Contains("Connection refused", unreachable.Message, StringComparison.Ordinal);
        Assert.Null(CloudErrors.FromException(new InvalidOperationException(), 1, options));
    }

    [Fact]
    public void UpstreamError_NotJson_KeepsTheStartOfTheText()
    {
        var error = UpstreamError.Parse("<html>" + new string('x', 1000) + "</html>");

        Assert.StartsWith("<html>", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message!.Length < 310);
    }
}
