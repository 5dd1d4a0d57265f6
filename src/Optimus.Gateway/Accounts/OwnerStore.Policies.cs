using System.Text.Json;
using System.Data.Common;
using Optimus.Abstractions;

namespace Optimus.Gateway.Accounts;

/// <summary>Owners' policies for their enrolled vehicles.</summary>
public sealed partial class OwnerStore
{
    /// <summary>
    /// Applies <paramref name="change"/> to the vehicle's stored policy (the default when it has none) and stores the
    /// result, which the coordinator enforces from the vehicle's next heartbeat on. Returns the stored policy.
    /// </summary>
    /// <exception cref="AccountsException">The vehicle is not enrolled, or the resulting policy is not valid.</exception>
    public VehiclePolicy SetPolicy(string vehicleId, VehiclePolicyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return database.Write((connection, transaction) =>
        {
            var vehicle = ReadVehicle(connection, transaction, vehicleId)
                ?? throw new AccountsException($"Vehicle '{vehicleId}' is not enrolled. Enrol it first with `optimus owner enrol --name OWNER --vehicle {vehicleId}`.");
            var policy = change.ApplyTo(vehicle.Policy ?? VehiclePolicy.Default);
            AccountsDatabase.Execute(connection, transaction, "UPDATE enrolled_vehicles SET policy_json = @policy WHERE id = @id",
                ("@policy", policy.ToJson()), ("@id", vehicleId));
            return policy;
        });
    }

    /// <summary>The enrolled vehicle <paramref name="vehicleId"/> with its owner and stored policy, or null when nobody enrolled it.</summary>
    public EnrolledVehicle? Vehicle(string vehicleId) => database.Read(connection => ReadVehicle(connection, null, vehicleId));

    /// <summary>The stored policies that override what agents report, by vehicle id, each in its owner's time zone.</summary>
    internal static Dictionary<string, OwnerPolicyState> ReadPolicies(DbConnection connection)
    {
        var rows = AccountsDatabase.Rows(connection, null, """
            SELECT v.id, v.policy_json, o.time_zone FROM enrolled_vehicles v JOIN owners o ON o.name = v.owner
            WHERE v.policy_json IS NOT NULL
            """, static reader => (Id: reader.GetString(0), Json: reader.GetString(1), Zone: reader.GetString(2)));
        var policies = new Dictionary<string, OwnerPolicyState>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            try
            {
                policies[row.Id] = VehiclePolicy.FromJson(row.Json).ToState(row.Zone);
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                // Written by SetPolicy, so valid; a hand-edited row that is not leaves the agent's own policy in force.
            }
        }

        return policies;
    }

    private static EnrolledVehicle? ReadVehicle(DbConnection connection, DbTransaction? transaction, string vehicleId) =>
        ReadVehicles(connection, transaction, "v.id = @key", vehicleId).FirstOrDefault();

    private static List<EnrolledVehicle> ReadVehicles(DbConnection connection, DbTransaction? transaction, string where, string key) =>
    [
        .. AccountsDatabase.Rows(connection, transaction, $"SELECT v.id, v.owner, v.policy_json, v.enrolled_ms FROM enrolled_vehicles v WHERE {where}",
            static reader => new EnrolledVehicle(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : VehiclePolicy.FromJson(reader.GetString(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))),
            ("@key", key))
            .OrderBy(v => v.Id, StringComparer.Ordinal),
    ];
}

/// <summary>A vehicle enrolled under an owner, with the policy the owner stored for it (null: none; the agent's own applies).</summary>
public sealed record EnrolledVehicle(string Id, string Owner, VehiclePolicy? Policy, DateTimeOffset Enrolled);
