namespace Optimus.Gateway.Accounts;

/// <summary>What a key may do: call the inference API as a customer, manage the platform, or manage an owner's cars.</summary>
public enum KeyRole
{
    Customer,
    Admin,
    Owner,
}

internal static class KeyRoles
{
    public static string Name(KeyRole role) => role switch
    {
        KeyRole.Admin => "admin",
        KeyRole.Owner => "owner",
        _ => "customer",
    };

    public static KeyRole Parse(string name) => name switch
    {
        "admin" => KeyRole.Admin,
        "owner" => KeyRole.Owner,
        "customer" => KeyRole.Customer,
        _ => throw new FormatException($"Unknown key role '{name}': use customer, admin or owner."),
    };
}
