using System.Runtime.CompilerServices;

namespace Optimus.Gateway.Cloud;

/// <summary>
/// Counts the HTTP attempts of one cloud call. It sits inside the resilience handler, so it sees every retry; the
/// count goes into the journal and into the error message when every attempt failed.
/// </summary>
internal sealed class AttemptCounter : DelegatingHandler
{
    /// <summary>The counter a request carries in its options.</summary>
    public static readonly HttpRequestOptionsKey<StrongBox<int>> Key = new("optimus.cloud.attempts");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(Key, out var attempts))
        {
            Interlocked.Increment(ref attempts.Value);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
