using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// The gateway's view of the active API keys, in memory, by the SHA-256 of their secret. Before each lookup it asks
/// SQLite whether any other connection has committed to the accounts database since the last look
/// (<c>PRAGMA data_version</c>, a counter read without touching the tables) and reloads if so: a key created or revoked by
/// <c>optimus keys</c> in another process takes effect on the very next request, at the cost of one cheap pragma.
/// </summary>
internal sealed class KeyRing : IDisposable
{
    private readonly KeyStore _store;
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _dataVersion;
    private readonly Lock _lock = new();
    private Dictionary<string, ApiKey> _active;
    private long _version;

    public KeyRing(GatewayOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = new KeyStore(options.DataDirectory, time);
        _connection = AccountsDatabase.Open(options.DataDirectory);
        _dataVersion = _connection.CreateCommand();
        _dataVersion.CommandText = "PRAGMA data_version";
        _dataVersion.Prepare();
        _version = (long)_dataVersion.ExecuteScalar()!;
        _active = _store.ReadActive(_connection);
    }

    public KeyStore Store => _store;

    /// <summary>The active key whose secret is <paramref name="secret"/>, or null (unknown or revoked).</summary>
    public ApiKey? Find(ReadOnlySpan<char> secret)
    {
        if (!secret.StartsWith(ApiKeySecrets.Start, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = ApiKeySecrets.Hash(secret);
        return Current().GetValueOrDefault(hash);
    }


    /// <summary>The active key named <paramref name="name"/>, or null (unknown or revoked).</summary>
    public ApiKey? FindByName(string name) => Current().Values.FirstOrDefault(k => k.Name == name);

    private Dictionary<string, ApiKey> Current()
    {
        lock (_lock)
        {
            var version = (long)_dataVersion.ExecuteScalar()!;
            if (version != _version)
            {
                _active = _store.ReadActive(_connection);
                _version = version;
            }

            return _active;
        }
    }

    public void Dispose()
    {
        _dataVersion.Dispose();
        _connection.Dispose();
    }
}
