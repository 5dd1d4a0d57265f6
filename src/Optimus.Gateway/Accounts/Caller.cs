namespace Optimus.Gateway.Accounts;

/// <summary>
/// Who sent a request, as authentication established it: the key (null in the open <c>--no-auth</c> mode) and the
/// customer or owner it acts for. Endpoints read it from the request's features.
/// </summary>
internal sealed record Caller(ApiKey? Key, KeyRole Role, string Subject)
{
    /// <summary>The anonymous caller of the open local mode: customer "local", no limits.</summary>
    public static Caller Open { get; } = new(null, KeyRole.Customer, "local");

    public string KeyName => Key?.Name ?? string.Empty;

    public KeyLimits Limits => Key?.Limits ?? KeyLimits.None;

    /// <summary>
    /// The caller that authentication established for <paramref name="context"/> (the open caller in the
    /// <c>--no-auth</c> demo). There is no default: an endpoint that reads its caller must require a key policy.
    /// </summary>
    public static Caller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<Caller>() ?? throw new InvalidOperationException(
            $"No authenticated caller for {context.Request.Path}: its endpoint must require one of the ApiPolicies.");
    }
}
