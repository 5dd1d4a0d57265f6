namespace Optimus.Gateway.Accounts;

/// <summary>
/// The keys fresh accounts start with: a first admin key and a demo customer key, made on the first start when the
/// accounts have no admin key yet (in cluster mode, by the one gateway whose write gets there first; the others find
/// them made). Their secrets exist only in this object, for <c>optimus up</c> to print once.
/// </summary>
internal sealed class BootstrapKeys
{
    public const string AdminName = "admin";
    public const string DemoName = "demo";

    public BootstrapKeys(KeyRing keys, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.NoAuth)
        {
            (AdminSecret, DemoSecret) = keys.Store.Bootstrap(AdminName, DemoName);
        }
    }

    /// <summary>The admin key made on this start, or null when the accounts already had one.</summary>
    public string? AdminSecret { get; }

    /// <summary>The demo customer key made on this start, or null.</summary>
    public string? DemoSecret { get; }
}
