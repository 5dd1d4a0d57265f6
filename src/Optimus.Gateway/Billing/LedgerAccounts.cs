using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Optimus.Ledger;

namespace Optimus.Gateway.Billing;

/// <summary>
/// The chart of accounts and the ids of everything the gateway posts. Ids are derived from names (the first 128 bits
/// of a SHA-256), so that every process computes the same id for the same account or the same leg of the same charge,
/// and a retry or a replay after a crash posts nothing twice. Money is in nanodollars on ledger <see cref="Usd"/>.
/// </summary>
internal static class LedgerAccounts
{
    /// <summary>The ledger of US dollars, in nanodollars.</summary>
    public const uint Usd = 840;

    /// <summary>Account kinds (the account's code).</summary>
    public const ushort Customer = 1;
    public const ushort OwnerEarnings = 2;
    public const ushort PlatformRevenue = 3;
    public const ushort Funding = 5;
    public const ushort Payouts = 6;
    public const ushort CreditRisk = 7;

    /// <summary>Transfer reasons (the transfer's code).</summary>
    public const ushort OwnerShareCode = 2;
    public const ushort EnergyCode = 3;
    public const ushort PlatformCode = 4;
    public const ushort TopUpCode = 5;
    public const ushort PayoutCode = 6;

    /// <summary>The owner account that earnings of vehicles nobody has enrolled go to, until they are claimed.</summary>
    public const string Unenrolled = "(unenrolled)";

    public static Account CustomerAccount(string customer, bool prepaid) =>
        new(Id("customer", customer), Usd, Customer, prepaid ? AccountFlags.DebitsMustNotExceedCredits : AccountFlags.None);

    public static Account OwnerAccount(string owner) => new(Id("owner", owner), Usd, OwnerEarnings, AccountFlags.DebitsMustNotExceedCredits);

    public static Account Platform { get; } = new(Id("platform", "revenue"), Usd, PlatformRevenue);

    public static Account FundingAccount { get; } = new(Id("platform", "funding"), Usd, Funding);

    public static Account CreditRiskAccount { get; } = new(Id("platform", "credit-risk"), Usd, CreditRisk);

    public static Account PayoutAccount(string form) => new(Id("payouts", form), Usd, Payouts);

    public static UInt128 Id(string kind, string name) => Hash("account", kind, name);

    public static UInt128 TransferId(string purpose, string key) => Hash("transfer", purpose, key);

    /// <summary>An account's balance as the customer or owner sees it: credits less debits.</summary>
    public static long Balance(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.CreditsPosted - account.DebitsPosted;
    }

    private static UInt128 Hash(string space, string kind, string name)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"optimus/{space}/{kind}/{name}"), digest);
        var id = BinaryPrimitives.ReadUInt128BigEndian(digest);
        return id == UInt128.Zero ? UInt128.One : id;
    }
}
