namespace Optimus.Gateway.Accounts;

/// <summary>A key's limits; 0 means no limit.</summary>
/// <param name="RequestsPerMinute">Requests accepted per rolling minute.</param>
/// <param name="TokensPerMinute">Prompt plus completion tokens per rolling minute.</param>
/// <param name="SpendLimitNanoDollars">Spend per calendar month (UTC), in nanodollars.</param>
public sealed record KeyLimits(int RequestsPerMinute = 0, int TokensPerMinute = 0, long SpendLimitNanoDollars = 0)
{
    public static KeyLimits None { get; } = new();
}
