using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Who may call what on the API, declared on each route group with <c>RequireAuthorization</c>: one policy per key role,
/// plus a fallback that denies any endpoint that declares neither a policy nor <c>AllowAnonymous</c> (fail closed). The
/// router matches paths case-insensitively and after Kestrel has decoded and normalised them; authorization then reads
/// the matched endpoint's metadata, so no spelling of a path can reach an area without its role.
/// </summary>
public static class ApiPolicies
{
    /// <summary>Customer keys: the inference API, files, batches, usage (<c>/v1</c>).</summary>
    public const string Customer = nameof(KeyRole.Customer);

    /// <summary>Admin keys: keys, customers, owners, payouts (<c>/admin</c>).</summary>
    public const string Admin = nameof(KeyRole.Admin);

    /// <summary>Owner keys: an owner's own vehicles, policies, statements and balance (<c>/owner/v1</c>).</summary>
    public const string Owner = nameof(KeyRole.Owner);

    /// <summary>The role a policy requires, for error messages.</summary>
    internal static KeyRole? RoleOf(string? policy) => policy switch
    {
        Customer => KeyRole.Customer,
        Admin => KeyRole.Admin,
        Owner => KeyRole.Owner,
        _ => null,
    };

    /// <summary>Registers API-key authentication, the role policies and the deny-all fallback.</summary>
    internal static IServiceCollection AddOptimusApiAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAssertion(static _ => false)
                .Build())
            .AddPolicy(Customer, RoleRequired(KeyRole.Customer))
            .AddPolicy(Admin, RoleRequired(KeyRole.Admin))
            .AddPolicy(Owner, RoleRequired(KeyRole.Owner));
        return services;
    }

    private static AuthorizationPolicy RoleRequired(KeyRole role) =>
        new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(KeyRoles.Name(role))
            .Build();
}
