using Optimus.Gateway.Api;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Authenticates every request on the API port by its bearer key and checks the key's role against the area: /v1 is
/// for customer keys, /admin for admin keys, /owner for owner keys (health and readiness are open). A missing, unknown
/// or revoked key is a 401, a key of the wrong role a 403, a customer over its request rate a 429 with Retry-After.
/// With authentication off (<c>--no-auth</c>) every request is the open local customer.
/// </summary>
internal sealed class ApiAuthentication(KeyRing keys, CustomerQuotas quotas, GatewayOptions options)
{
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var area = AreaOf(context.Request.Path);
        if (area is null || options.NoAuth)
        {
            await next(context);
            return;
        }

        var error = Authenticate(context, area.Value, out var caller);
        if (error is not null)
        {
            await error.WriteAsync(context.Response);
            return;
        }

        context.Features.Set(caller);
        await next(context);
    }

    private ApiError? Authenticate(HttpContext context, KeyRole area, out Caller caller)
    {
        caller = Caller.Open;
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return Unauthorized("You didn't provide an API key. Send it in the Authorization header as 'Bearer sk-opt-...'; `optimus keys create` makes one.");
        }

        if (keys.Find(header.AsSpan(7).Trim()) is not { } key)
        {
            return Unauthorized("Incorrect API key provided: it is unknown or has been revoked.");
        }

        if (key.Role != area)
        {
            return new ApiError(StatusCodes.Status403Forbidden,
                $"This key is a {KeyRoles.Name(key.Role)} key; {context.Request.Path} needs a {KeyRoles.Name(area)} key.",
                "permission_error", null, "wrong_key_role");
        }

        caller = new Caller(key, key.Role, key.Subject);
        return area == KeyRole.Customer ? quotas.AdmitRequest(caller) : null;
    }

    private static ApiError Unauthorized(string message) =>
        new(StatusCodes.Status401Unauthorized, message, ApiError.InvalidRequest, null, "invalid_api_key");

    private static KeyRole? AreaOf(PathString path)
    {
        if (path.StartsWithSegments("/v1", StringComparison.Ordinal))
        {
            return KeyRole.Customer;
        }

        if (path.StartsWithSegments("/admin", StringComparison.Ordinal))
        {
            return KeyRole.Admin;
        }

        return path.StartsWithSegments("/owner", StringComparison.Ordinal) ? KeyRole.Owner : null;
    }
}
