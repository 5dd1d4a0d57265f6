using System.Data.Common;

namespace Optimus.Gateway.Accounts;

/// <summary>Customers and API keys in the accounts database; used by <c>optimus keys</c> and the admin API.</summary>
public sealed class KeyStore(AccountsDatabase database, TimeProvider time)
{
    public KeyStore(string dataDirectory)
        : this(dataDirectory, TimeProvider.System)
    {
    }

    public KeyStore(string dataDirectory, TimeProvider time)
        : this(AccountsDatabase.Sqlite(dataDirectory), time)
    {
    }

    /// <summary>Creates a key and returns it with its secret, the only time the secret exists outside the caller.</summary>
    /// <param name="name">Unique, never reused.</param>
    /// <param name="role">What the key may do.</param>
    /// <param name="limits">Per-minute and monthly limits (0: none).</param>
    /// <param name="billing">How a new customer pays.</param>
    /// <param name="subject">For a customer key the customer (created with <paramref name="billing"/> if new); for an owner key the owner.</param>
    /// <exception cref="AccountsException">The name is taken, or the owner of an owner key does not exist.</exception>
    public (ApiKey Key, string Secret) Create(string name, KeyRole role, string subject, KeyLimits limits, Billing billing = Billing.Postpaid)
    {
        ValidateName(name, "key name");
        ArgumentNullException.ThrowIfNull(limits);
        if (role != KeyRole.Admin)
        {
            ValidateName(subject, role == KeyRole.Owner ? "owner" : "customer");
        }

        if (limits.RequestsPerMinute < 0 || limits.TokensPerMinute < 0 || limits.SpendLimitNanoDollars < 0)
        {
            throw new AccountsException("Limits must be 0 (none) or positive.");
        }

        return database.Write((connection, transaction) => Insert(connection, transaction, name, role, subject, limits, billing));
    }

    /// <summary>
    /// The keys a fresh accounts database starts with: an admin key and a demo customer key, made in one write when there
    /// is no admin key yet, so that of several gateways starting together on one cluster's accounts exactly one makes
    /// them. Null secrets: made on an earlier start (or by another gateway).
    /// </summary>
    internal (string? Admin, string? Demo) Bootstrap(string adminName, string demoName) => database.Write((connection, transaction) =>
    {
        if (AccountsDatabase.Scalar(connection, transaction, "SELECT 1 FROM api_keys WHERE role = 'admin'") is not null)
        {
            return ((string?)null, (string?)null);
        }

        var admin = Insert(connection, transaction, adminName, KeyRole.Admin, string.Empty, KeyLimits.None, Billing.Postpaid).Secret;
        var demo = AccountsDatabase.Scalar(connection, transaction, "SELECT 1 FROM api_keys WHERE name = @name", ("@name", demoName)) is null
            ? Insert(connection, transaction, demoName, KeyRole.Customer, demoName, KeyLimits.None, Billing.Postpaid).Secret
            : null;
        return (admin, demo);
    });

    /// <summary>Revokes the key; requests with it fail from the next one on. False when no such key or already revoked.</summary>
    public bool Revoke(string name) => database.Write((connection, transaction) => AccountsDatabase.Execute(connection, transaction,
        "UPDATE api_keys SET revoked_ms = @now WHERE name = @name AND revoked_ms IS NULL",
        ("@name", name), ("@now", AccountsDatabase.Now(time))) == 1);

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    public IReadOnlyList<ApiKey> List() => [.. database.Read(Read).Select(k => k.Key)];

    /// <summary>The customer's billing, or null when there is no such customer.</summary>
    public Billing? BillingOf(string customer) =>
        database.Read(connection => AccountsDatabase.Scalar(connection, null, "SELECT billing FROM customers WHERE name = @name", ("@name", customer))) switch
        {
            "prepaid" => Billing.Prepaid,
            "postpaid" => Billing.Postpaid,
            _ => null,
        };

    /// <summary>The keys that are not revoked, by the hash of their secret.</summary>
    internal static Dictionary<string, ApiKey> ReadActive(DbConnection connection) =>
        Read(connection).Where(k => !k.Key.IsRevoked).ToDictionary(k => k.Hash, k => k.Key, StringComparer.Ordinal);

    private (ApiKey Key, string Secret) Insert(
        DbConnection connection, DbTransaction transaction, string name, KeyRole role, string subject, KeyLimits limits, Billing billing)
    {
        if (AccountsDatabase.Scalar(connection, transaction, "SELECT 1 FROM api_keys WHERE name = @name", ("@name", name)) is not null)
        {
            throw new AccountsException($"A key named '{name}' already exists; names are never reused, even after revocation. Pick another name.");
        }

        var now = AccountsDatabase.Now(time);
        if (role == KeyRole.Customer)
        {
            AccountsDatabase.Execute(connection, transaction, "INSERT INTO customers (name, billing, created_ms) VALUES (@name, @billing, @now) ON CONFLICT (name) DO NOTHING",
                ("@name", subject), ("@billing", billing == Billing.Prepaid ? "prepaid" : "postpaid"), ("@now", now));
        }
        else if (role == KeyRole.Owner && AccountsDatabase.Scalar(connection, transaction, "SELECT 1 FROM owners WHERE name = @name", ("@name", subject)) is null)
        {
            throw new AccountsException($"No owner named '{subject}'. Create it first with `optimus owner create --name {subject}`.");
        }

        var secret = ApiKeySecrets.New();
        var stored = role == KeyRole.Admin ? string.Empty : subject;
        AccountsDatabase.Execute(connection, transaction, """
            INSERT INTO api_keys (name, prefix, hash, role, subject, requests_per_minute, tokens_per_minute, spend_limit_nanos, created_ms)
            VALUES (@name, @prefix, @hash, @role, @subject, @rpm, @tpm, @spend, @now)
            """,
            ("@name", name), ("@prefix", ApiKeySecrets.PrefixOf(secret)), ("@hash", ApiKeySecrets.Hash(secret)), ("@role", KeyRoles.Name(role)),
            ("@subject", stored), ("@rpm", limits.RequestsPerMinute), ("@tpm", limits.TokensPerMinute),
            ("@spend", limits.SpendLimitNanoDollars), ("@now", now));
        return (new ApiKey(name, ApiKeySecrets.PrefixOf(secret), role, stored, limits, DateTimeOffset.FromUnixTimeMilliseconds(now), null), secret);
    }

    private static List<(string Hash, ApiKey Key)> Read(DbConnection connection) =>
    [
        .. AccountsDatabase.Rows(connection, null, """
            SELECT name, prefix, hash, role, subject, requests_per_minute, tokens_per_minute, spend_limit_nanos, created_ms, revoked_ms
            FROM api_keys
            """, static reader => (reader.GetString(2), new ApiKey(
                reader.GetString(0),
                reader.GetString(1),
                KeyRoles.Parse(reader.GetString(3)),
                reader.GetString(4),
                new KeyLimits(reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)))))
            .OrderBy(k => k.Item2.Created).ThenBy(k => k.Item2.Name, StringComparer.Ordinal),
    ];

    internal static void ValidateName(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new AccountsException($"The {what} '{name}' is not valid: use 1 to 100 characters without spaces.");
        }
    }
}
