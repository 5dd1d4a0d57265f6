namespace Optimus.Gateway.Accounts;

/// <summary>
/// The keys a fresh data folder starts with: a first admin key and a demo customer key, made on the first start when
/// the folder has no admin key yet. Their secrets exist only in this object, for <c>optimus up</c> to print once.
/// </summary>
internal sealed class BootstrapKeys
{
    public const string AdminName = "admin";
    public const string DemoName = "demo";

    public BootstrapKeys(KeyRing keys, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        if (options.NoAuth || keys.Store.List().Any(k => k.Role == KeyRole.Admin))
        {
            return;
        }

        AdminSecret = keys.Store.Create(AdminName, KeyRole.Admin, string.Empty, KeyLimits.None).Secret;
        if (!keys.Store.List().Any(k => k.Name == DemoName))
        {
            DemoSecret = keys.Store.Create(DemoName, KeyRole.Customer, DemoName, KeyLimits.None).Secret;
        }
    }

    /// <summary>The admin key made on this start, or null when the folder already had one.</summary>
    public string? AdminSecret { get; }

    /// <summary>The demo customer key made on this start, or null.</summary>
    public string? DemoSecret { get; }
}
