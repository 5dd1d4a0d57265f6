namespace Optimus.Gateway.Accounts;

/// <summary>A stored API key: everything but the secret, which is kept only as its SHA-256.</summary>
/// <param name="Name">Unique name chosen by whoever created it.</param>
/// <param name="Prefix">The secret's first characters, safe to show, so a person can tell keys apart.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="Limits">Requests and tokens per minute, spend per month.</param>
/// <param name="Created">When it was made.</param>
/// <param name="Revoked">When it was revoked, or null while it is active.</param>
/// <param name="Subject">The customer (or owner) the key acts for; empty for admin keys.</param>
public sealed record ApiKey(string Name, string Prefix, KeyRole Role, string Subject, KeyLimits Limits, DateTimeOffset Created, DateTimeOffset? Revoked)
{
    public bool IsRevoked => Revoked is not null;
}
