using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Optimus.Gateway.Api;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Authenticates an API request by its bearer key: the principal carries the key's role, and the request's
/// <see cref="Caller"/> is set for the handlers. It decides nothing about access: the policies on each endpoint do
/// (<see cref="ApiPolicies"/>). A missing key is no result (anonymous), an unknown, revoked or malformed one a failure;
/// either way an endpoint that needs a role answers 401, and a key of another role 403, both in OpenAI's error shape.
/// With <see cref="GatewayOptions.NoAuth"/> a request without a key is authenticated as the open local customer
/// (<see cref="Caller.Open"/>): the explicit demo mode. It never grants the admin or owner roles.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, KeyRing keys, GatewayOptions gateway)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // A key is "sk-opt-" and a few dozen characters; anything much longer is not a key and is not hashed.
    private const int MaxHeaderLength = 512;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers.Authorization;
        if (headers.Count == 0 || (headers.Count == 1 && string.IsNullOrEmpty(headers[0])))
        {
            return Task.FromResult(gateway.NoAuth ? Success(Caller.Open) : AuthenticateResult.NoResult());
        }

        var header = headers.Count == 1 ? headers[0]! : string.Empty;
        if (headers.Count > 1 || header.Length > MaxHeaderLength ||
            !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.AsSpan(7).Trim().IsEmpty)
        {
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header must be one 'Bearer sk-opt-...' with your API key."));
        }

        return Task.FromResult(keys.Find(header.AsSpan(7).Trim()) is { } key
            ? Success(new Caller(key, key.Role, key.Subject))
            : AuthenticateResult.Fail("Incorrect API key provided: it is unknown or has been revoked."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure?.Message
            ?? "You didn't provide an API key. Send it in the Authorization header as 'Bearer sk-opt-...'; `optimus keys create` makes one.";
        Response.Headers.WWWAuthenticate = "Bearer";
        await new ApiError(StatusCodes.Status401Unauthorized, message, ApiError.InvalidRequest, null, "invalid_api_key").WriteAsync(Response);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var caller = Context.Features.Get<Caller>();
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => ApiPolicies.RoleOf(a.Policy)).FirstOrDefault(r => r is not null);
        var message = (caller, needed) switch
        {
            (null, _) or (_, null) => $"{Request.Path} is not open to any key.",
            ({ Key: null }, { } role) => $"Without a key this gateway (--no-auth) takes you for its local customer; {Request.Path} needs {Article(role)} {KeyRoles.Name(role)} key.",
            ({ } c, { } role) => $"This key is {Article(c.Role)} {KeyRoles.Name(c.Role)} key; {Request.Path} needs {Article(role)} {KeyRoles.Name(role)} key.",
        };
        await new ApiError(StatusCodes.Status403Forbidden, message, "permission_error", null, "wrong_key_role").WriteAsync(Response);
    }

    private static string Article(KeyRole role) => role is KeyRole.Admin or KeyRole.Owner ? "an" : "a";

    private AuthenticateResult Success(Caller caller)
    {
        Context.Features.Set(caller);
        Claim[] claims =
        [
            new(ClaimTypes.Role, KeyRoles.Name(caller.Role)),
            new(ClaimTypes.Name, caller.KeyName),
            new(ClaimTypes.NameIdentifier, caller.Subject),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
