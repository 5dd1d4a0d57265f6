using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Identity;

/// <summary>
/// The gateway's read side of vehicle credentials: one long-lived reader of the accounts (SQLite: one connection, so a
/// reconnection storm opens no files; PostgreSQL: a pooled connection per read) and a query per registration. Reads see
/// other processes' commits (<c>optimus owner enrol|revoke</c>, another gateway of the cluster) at once.
/// </summary>
internal sealed class VehicleCredentialDirectory(AccountsDatabase database) : IDisposable
{
    private readonly AccountsReader _reader = database.OpenReader();

    /// <summary>The vehicle's credential state; null when it is not enrolled.</summary>
    public VehicleCredentials.CredentialState? Find(string vehicleId) => _reader.Read(connection => VehicleCredentials.Find(connection, null, vehicleId));

    public void Dispose() => _reader.Dispose();
}
