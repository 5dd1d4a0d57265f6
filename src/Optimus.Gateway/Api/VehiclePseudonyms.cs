using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Optimus.Gateway.Accounts;

namespace Optimus.Gateway.Api;

/// <summary>
/// What customers see of the vehicle that served them: "veh-" and the first 12 hex digits of HMAC-SHA256(deployment
/// secret, vehicle id), stable for a deployment (so a customer can still tell answers of one car from another's) but
/// neither the vehicle's id nor its VIN. The secret is kept in the accounts database, 32 random bytes made on first use,
/// so that in cluster mode, where that database is shared, every gateway names a vehicle alike. Owners and admins see
/// real ids on their own endpoints; the journal keeps the real id.
/// </summary>
internal sealed class VehiclePseudonyms
{
    public const string Prefix = "veh-";

    private const string SecretName = "vehicle-pseudonym";

    private readonly byte[] _secret;
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public VehiclePseudonyms(AccountsDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _secret = Convert.FromHexString(LoadOrMakeSecret(database));
    }

    /// <summary>The public name of <paramref name="vehicleId"/>.</summary>
    public string Of(string vehicleId)
    {
        ArgumentNullException.ThrowIfNull(vehicleId);
        return _names.GetOrAdd(vehicleId, static (id, secret) =>
            Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(id)))[..12], _secret);
    }

    // The first gateway to get here makes the secret; the writers' lock and ON CONFLICT make the others read that one.
    private static string LoadOrMakeSecret(AccountsDatabase database) => database.Write((connection, transaction) =>
    {
        AccountsDatabase.Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS deployment_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
        AccountsDatabase.Execute(connection, transaction, "INSERT INTO deployment_secrets (name, value) VALUES (@name, @value) ON CONFLICT (name) DO NOTHING",
            ("@name", SecretName), ("@value", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
        return (string)AccountsDatabase.Scalar(connection, transaction, "SELECT value FROM deployment_secrets WHERE name = @name", ("@name", SecretName))!;
    });
}
