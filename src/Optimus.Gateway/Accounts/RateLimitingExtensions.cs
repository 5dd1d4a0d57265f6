using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Optimus.Gateway.Api;
using Optimus.Gateway.Devices;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Registers and runs the per-key limiter (<see cref="KeyRateLimiter"/>) on the customer API: after authorization, a
/// request to an endpoint of the <see cref="ApiPolicies.Customer"/> policy takes its key's permit (waiting in its key's queue if the key has its share running) or
/// is answered 429 <c>rate_limit_exceeded</c> with Retry-After in OpenAI's error shape; an admitted request carries
/// its key as the partition of the fleet's fair admission queue (<see cref="AdmissionControl"/>).
/// </summary>
public static class RateLimitingExtensions
{
    /// <summary>Adds the per-key limiter (with <paramref name="options"/> or <see cref="RateLimitingOptions.Default"/>).</summary>
    public static IServiceCollection AddOptimusRateLimiting(this IServiceCollection services, RateLimitingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(options ?? RateLimitingOptions.Default);
        services.AddSingleton<KeyRateLimiter>();
        return services;
    }

    /// <summary>
    /// Limits requests to customer endpoints per key (the open <c>--no-auth</c> callers as one partition). Must come
    /// after authorization: only requests that reached an endpoint of the customer policy are counted.
    /// </summary>
    public static IApplicationBuilder UseOptimusRateLimiting(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limiter = app.ApplicationServices.GetRequiredService<KeyRateLimiter>();
        return app.Use(async (context, next) =>
        {
            if (context.Features.Get<Caller>() is not { Role: KeyRole.Customer } caller ||
                context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(static a => a.Policy == ApiPolicies.Customer) != true)
            {
                await next(context);
                return;
            }

            RateLimitLease lease;
            try
            {
                lease = await limiter.AcquireAsync(caller, 1, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client went away while waiting for its key's permit
            }

            using (lease)
            {
                if (!lease.IsAcquired)
                {
                    await Refusal(lease).WriteAsync(context.Response);
                    return;
                }

                AdmissionControl.CurrentKey = KeyRateLimiter.PartitionOf(caller);
                await next(context);
            }
        });
    }

    private static ApiError Refusal(RateLimitLease lease)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        var reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out var phrase) ? phrase : "Rate limit reached.";
        return new ApiError(
            StatusCodes.Status429TooManyRequests,
            reason + " Retry after the number of seconds in Retry-After.",
            "rate_limit_error",
            null,
            "rate_limit_exceeded",
            Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
    }
}
