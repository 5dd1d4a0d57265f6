using Microsoft.AspNetCore.Authorization;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// After authorization: counts a customer key's request against its per-minute limits (429 with Retry-After when over).
/// Only requests that reached an endpoint of the customer policy are counted.
/// </summary>
internal static class CustomerAdmission
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<Caller>() is { Key: not null, Role: KeyRole.Customer } caller &&
            context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(static a => a.Policy == ApiPolicies.Customer) == true &&
            context.RequestServices.GetRequiredService<CustomerQuotas>().AdmitRequest(caller) is { } refused)
        {
            await refused.WriteAsync(context.Response);
            return;
        }

        await next(context);
    }
}
