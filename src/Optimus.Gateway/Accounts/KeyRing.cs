namespace Optimus.Gateway.Accounts;

/// <summary>
/// The gateway's view of the active API keys, in memory, by the SHA-256 of their secret. Before each lookup it asks the
/// accounts database whether anyone has committed since the last look (<see cref="AccountsCache{T}"/>: SQLite's
/// <c>PRAGMA data_version</c>, or in cluster mode PostgreSQL's <c>accounts_version</c> row) and reloads if so: a key
/// created or revoked by <c>optimus keys</c> in another process, or through another gateway of the cluster, takes effect
/// on the very next request.
/// </summary>
internal sealed class KeyRing : IDisposable
{
    private readonly AccountsCache<Dictionary<string, ApiKey>> _active;

    public KeyRing(AccountsDatabase database, TimeProvider time)
    {
        Store = new KeyStore(database, time);
        _active = new AccountsCache<Dictionary<string, ApiKey>>(database, KeyStore.ReadActive);
    }

    public KeyStore Store { get; }

    /// <summary>The active key whose secret is <paramref name="secret"/>, or null (unknown or revoked).</summary>
    public ApiKey? Find(ReadOnlySpan<char> secret)
    {
        if (!secret.StartsWith(ApiKeySecrets.Start, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = ApiKeySecrets.Hash(secret);
        return _active.Current().GetValueOrDefault(hash);
    }

    /// <summary>The active key named <paramref name="name"/>, or null (unknown or revoked).</summary>
    public ApiKey? FindByName(string name) => _active.Current().Values.FirstOrDefault(k => k.Name == name);

    public void Dispose() => _active.Dispose();
}
