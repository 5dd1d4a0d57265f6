using System.Threading.RateLimiting;
using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Tests.Accounts;

/// <summary>The per-key limiter: each key has its own permits and queue, and its rates refuse with Retry-After and a reason.</summary>
public sealed class KeyRateLimiterTests : IDisposable
{
    private readonly KeyRateLimiter _limiter = new(new RateLimitingOptions(ConcurrentRequestsPerKey: 1, QueuedRequestsPerKey: 1));

    [Fact]
    public async Task AcquireAsync_KeyOverItsPermitsAndQueue_RefusedWhileAnotherKeyIsAdmitted()
    {
        var a = Caller("a", KeyLimits.None);
        using var running = await _limiter.AcquireAsync(a);
        var queued = _limiter.AcquireAsync(a);

        using var refused = await _limiter.AcquireAsync(a);
        using var other = await _limiter.AcquireAsync(Caller("b", KeyLimits.None));

        Assert.True(running.IsAcquired);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero);
        Assert.True(other.IsAcquired);
        Assert.Equal(1, _limiter.QueuedByKey["a"]);
        Assert.Equal(1, _limiter.Queued);

        running.Dispose();
        using var next = await queued;
        Assert.True(next.IsAcquired);
    }

    [Fact]
    public void ChargeTokens_OverTheKeysTokensPerMinute_NextRequestRefusedWithTheReason()
    {
        var caller = Caller("tpm", new KeyLimits(TokensPerMinute: 100));
        using (var first = _limiter.AttemptAcquire(caller))
        {
            Assert.True(first.IsAcquired);
        }

        _limiter.ChargeTokens(caller, 150);

        using var refused = _limiter.AttemptAcquire(caller);
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.ReasonPhrase, out var reason));
        Assert.Contains("100 tokens per minute", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AttemptAcquire_OverTheKeysRequestsPerMinute_Refused()
    {
        var caller = Caller("rpm", new KeyLimits(RequestsPerMinute: 2));
        for (var i = 0; i < 2; i++)
        {
            using var lease = _limiter.AttemptAcquire(caller); // one at a time: the key has one concurrency permit
            Assert.True(lease.IsAcquired);
        }

        using var refused = _limiter.AttemptAcquire(caller);

        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.ReasonPhrase, out var reason));
        Assert.Contains("2 requests per minute", reason, StringComparison.Ordinal);
    }

    public void Dispose() => _limiter.Dispose();

    private static Caller Caller(string name, KeyLimits limits) =>
        new(new ApiKey(name, "sk-opt-" + name, KeyRole.Customer, name, limits, DateTimeOffset.UnixEpoch, null), KeyRole.Customer, name);
}
