using System.Data.Common;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Something read from the accounts and kept in memory (the active keys, the stored policies), reloaded on the lookup
/// after anyone committed a change: each <see cref="Current"/> first asks the reader's <see cref="AccountsReader.Version"/>
/// (SQLite: <c>PRAGMA data_version</c>; PostgreSQL: the <c>accounts_version</c> row) and reloads only when it grew. A
/// lookup that starts after a write committed, in any process, sees that write. Thread-safe; reloads are serialized.
/// </summary>
internal sealed class AccountsCache<T> : IDisposable
{
    private readonly AccountsReader _reader;
    private readonly Func<DbConnection, T> _load;
    private readonly Lock _lock = new();
    private Snapshot _current;

    public AccountsCache(AccountsDatabase database, Func<DbConnection, T> load)
    {
        ArgumentNullException.ThrowIfNull(database);
        _load = load;
        _reader = database.OpenReader();
        var version = _reader.Version();
        _current = new Snapshot(version, _reader.Read(load));
    }

    public T Current()
    {
        // The snapshot was loaded after its version was read, so it holds every write committed before that version.
        var version = _reader.Version();
        var current = Volatile.Read(ref _current);
        if (version <= current.Version)
        {
            return current.Value;
        }

        lock (_lock)
        {
            if (version > _current.Version)
            {
                Volatile.Write(ref _current, new Snapshot(version, _reader.Read(_load)));
            }

            return _current.Value;
        }
    }

    public void Dispose() => _reader.Dispose();

    private sealed record Snapshot(long Version, T Value);
}
