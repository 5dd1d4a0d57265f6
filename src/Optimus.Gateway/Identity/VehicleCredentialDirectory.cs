using Microsoft.Data.Sqlite;
using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Identity;

/// <summary>
/// The gateway's read side of vehicle credentials: one long-lived connection to the accounts database and a prepared
/// query per registration (a connection's life, not a request's, so a reconnection storm opens no files). Reads see
/// other processes' commits (<c>optimus owner enrol|revoke</c>) at once.
/// </summary>
internal sealed class VehicleCredentialDirectory : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public VehicleCredentialDirectory(string dataDirectory) => _connection = AccountsDatabase.Open(dataDirectory);

    /// <summary>The vehicle's credential state; null when it is not enrolled.</summary>
    public VehicleCredentials.CredentialState? Find(string vehicleId)
    {
        lock (_lock)
        {
            return VehicleCredentials.Find(_connection, null, vehicleId);
        }
    }

    public void Dispose() => _connection.Dispose();
}
