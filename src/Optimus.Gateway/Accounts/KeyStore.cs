using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Accounts;

/// <summary>Customers and API keys in the accounts database; used by <c>optimus keys</c> and the admin API.</summary>
public sealed class KeyStore(string dataDirectory, TimeProvider time)
{
    public KeyStore(string dataDirectory)
        : this(dataDirectory, TimeProvider.System)
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

        var secret = ApiKeySecrets.New();
        var now = AccountsDatabase.Now(time);
        using var connection = AccountsDatabase.Open(dataDirectory);
        using var transaction = connection.BeginTransaction();
        using (var existing = connection.CreateCommand())
        {
            existing.Transaction = transaction;
            existing.CommandText = "SELECT revoked_ms FROM api_keys WHERE name = $name";
            existing.Parameters.AddWithValue("$name", name);
            if (existing.ExecuteScalar() is not null)
            {
                throw new AccountsException($"A key named '{name}' already exists; names are never reused, even after revocation. Pick another name.");
            }
        }

        if (role == KeyRole.Customer)
        {
            Execute(connection, transaction, "INSERT INTO customers (name, billing, created_ms) VALUES ($name, $billing, $now) ON CONFLICT (name) DO NOTHING",
                ("$name", subject), ("$billing", billing == Billing.Prepaid ? "prepaid" : "postpaid"), ("$now", now));
        }
        else if (role == KeyRole.Owner && Scalar(connection, transaction, "SELECT 1 FROM owners WHERE name = $name", ("$name", subject)) is null)
        {
            throw new AccountsException($"No owner named '{subject}'. Create it first with `optimus owner create --name {subject}`.");
        }

        Execute(connection, transaction, """
            INSERT INTO api_keys (name, prefix, hash, role, subject, requests_per_minute, tokens_per_minute, spend_limit_nanos, created_ms)
            VALUES ($name, $prefix, $hash, $role, $subject, $rpm, $tpm, $spend, $now)
            """,
            ("$name", name), ("$prefix", ApiKeySecrets.PrefixOf(secret)), ("$hash", ApiKeySecrets.Hash(secret)), ("$role", KeyRoles.Name(role)),
            ("$subject", role == KeyRole.Admin ? string.Empty : subject), ("$rpm", limits.RequestsPerMinute), ("$tpm", limits.TokensPerMinute),
            ("$spend", limits.SpendLimitNanoDollars), ("$now", now));
        transaction.Commit();
        return (new ApiKey(name, ApiKeySecrets.PrefixOf(secret), role, role == KeyRole.Admin ? string.Empty : subject, limits, DateTimeOffset.FromUnixTimeMilliseconds(now), null), secret);
    }

    /// <summary>Revokes the key; requests with it fail from the next one on. False when no such key or already revoked.</summary>
    public bool Revoke(string name)
    {
        using var connection = AccountsDatabase.Open(dataDirectory);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_ms = $now WHERE name = $name AND revoked_ms IS NULL";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$now", AccountsDatabase.Now(time));
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Every key, revoked ones included, oldest first.</summary>
    public IReadOnlyList<ApiKey> List() => [.. Read(null).Select(k => k.Key)];

    /// <summary>The customer's billing, or null when there is no such customer.</summary>
    public Billing? BillingOf(string customer)
    {
        using var connection = AccountsDatabase.Open(dataDirectory);
        return Scalar(connection, null, "SELECT billing FROM customers WHERE name = $name", ("$name", customer)) switch
        {
            "prepaid" => Billing.Prepaid,
            "postpaid" => Billing.Postpaid,
            _ => null,
        };
    }

    /// <summary>The keys that are not revoked, by the hash of their secret.</summary>
    internal Dictionary<string, ApiKey> ReadActive(SqliteConnection connection) =>
        Read(connection).Where(k => !k.Key.IsRevoked).ToDictionary(k => k.Hash, k => k.Key, StringComparer.Ordinal);

    private List<(string Hash, ApiKey Key)> Read(SqliteConnection? shared)
    {
        var connection = shared ?? AccountsDatabase.Open(dataDirectory);
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT name, prefix, hash, role, subject, requests_per_minute, tokens_per_minute, spend_limit_nanos, created_ms, revoked_ms
                FROM api_keys ORDER BY created_ms, name
                """;
            using var reader = command.ExecuteReader();
            var keys = new List<(string, ApiKey)>();
            while (reader.Read())
            {
                keys.Add((reader.GetString(2), new ApiKey(
                    reader.GetString(0),
                    reader.GetString(1),
                    KeyRoles.Parse(reader.GetString(3)),
                    reader.GetString(4),
                    new KeyLimits(reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                    reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)))));
            }

            return keys;
        }
        finally
        {
            if (shared is null)
            {
                connection.Dispose();
            }
        }
    }

    internal static void ValidateName(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new AccountsException($"The {what} '{name}' is not valid: use 1 to 100 characters without spaces.");
        }
    }

    internal static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    internal static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteScalar();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
