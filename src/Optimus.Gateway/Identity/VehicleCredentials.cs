using System.Data.Common;
using Optimus.Gateway.Accounts;
using Optimus.Ledger.Storage;
using Optimus.Protocol;

namespace Optimus.Gateway.Identity;

/// <summary>
/// Issues and revokes vehicle credentials (<c>optimus owner enrol|revoke</c>, the admin API). A credential is derived
/// from the coordinator's <see cref="VehicleSigningKey"/>, the vehicle id and the vehicle's credential generation in
/// the accounts database (<c>vehicle_credentials</c>); only an enrolled vehicle has one. Issuing again prints the same
/// credential; after a revocation, enrolling again issues a new one (the next generation) and the old stays refused.
/// </summary>
public sealed class VehicleCredentials(AccountsDatabase database, VehicleSigningKey key, TimeProvider time)
{
    public VehicleCredentials(string dataDirectory, VehicleSigningKey key)
        : this(dataDirectory, key, TimeProvider.System)
    {
    }

    public VehicleCredentials(string dataDirectory, VehicleSigningKey key, TimeProvider time)
        : this(AccountsDatabase.Sqlite(dataDirectory), key, time)
    {
    }

    /// <summary>The vehicle's current credential, issuing one (or, after a revocation, a new one) if needed.</summary>
    /// <exception cref="AccountsException">The vehicle is not enrolled.</exception>
    public string Issue(string vehicleId)
    {
        ArgumentNullException.ThrowIfNull(vehicleId);
        var generation = database.Write((connection, transaction) =>
        {
            var state = Find(connection, transaction, vehicleId) ?? throw NotEnrolled(vehicleId);
            if (!state.Stored)
            {
                AccountsDatabase.Execute(connection, transaction, "INSERT INTO vehicle_credentials (id, generation, issued_ms) VALUES (@id, 1, @now)",
                    ("@id", vehicleId), ("@now", Now()));
                return 1;
            }

            if (state.Revoked)
            {
                AccountsDatabase.Execute(connection, transaction, "UPDATE vehicle_credentials SET generation = @generation, issued_ms = @now, revoked_ms = NULL WHERE id = @id",
                    ("@id", vehicleId), ("@generation", state.Generation + 1), ("@now", Now()));
                return state.Generation + 1;
            }

            return state.Generation;
        });
        return VehicleCredential.Format(key.CredentialFor(vehicleId, generation));
    }

    /// <summary>Revokes the vehicle's credential: its next connection is refused (a connected one keeps its session until it ends).</summary>
    /// <exception cref="AccountsException">The vehicle is not enrolled.</exception>
    public void Revoke(string vehicleId)
    {
        ArgumentNullException.ThrowIfNull(vehicleId);
        database.Write((connection, transaction) =>
        {
            _ = Find(connection, transaction, vehicleId) ?? throw NotEnrolled(vehicleId);
            return AccountsDatabase.Execute(connection, transaction, """
                INSERT INTO vehicle_credentials (id, generation, issued_ms, revoked_ms) VALUES (@id, 1, @now, @now)
                ON CONFLICT (id) DO UPDATE SET revoked_ms = @now
                """, ("@id", vehicleId), ("@now", Now()));
        });
    }

    /// <summary>The credential state of an enrolled vehicle, or null when it is not enrolled.</summary>
    internal static CredentialState? Find(DbConnection connection, DbTransaction? transaction, string vehicleId)
    {
        using var command = SqlCommands.Command(connection, transaction,
            "SELECT c.generation, c.revoked_ms FROM enrolled_vehicles v LEFT JOIN vehicle_credentials c ON c.id = v.id WHERE v.id = @id", ("@id", vehicleId));
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        // Enrolled before credentials existed: generation 1, never revoked.
        return reader.IsDBNull(0) ? new CredentialState(false, 1, false) : new CredentialState(true, reader.GetInt64(0), !reader.IsDBNull(1));
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static AccountsException NotEnrolled(string vehicleId) =>
        new($"Vehicle '{vehicleId}' is not enrolled. Enrol it with `optimus owner enrol --name OWNER --vehicle {vehicleId}`.");

    internal sealed record CredentialState(bool Stored, long Generation, bool Revoked);
}
