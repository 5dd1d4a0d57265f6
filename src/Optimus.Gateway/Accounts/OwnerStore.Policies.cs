using System.Text.Json;
using Microsoft.Data.Sqlite;
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
        using var connection = AccountsDatabase.Open(dataDirectory);
        using var transaction = connection.BeginTransaction();
        var vehicle = ReadVehicle(connection, transaction, vehicleId)
            ?? throw new AccountsException($"Vehicle '{vehicleId}' is not enrolled. Enrol it first with `optimus owner enrol --name OWNER --vehicle {vehicleId}`.");
        var policy = change.ApplyTo(vehicle.Policy ?? VehiclePolicy.Default);
        KeyStore.Execute(connection, transaction, "UPDATE enrolled_vehicles SET policy_json = $policy WHERE id = $id",
            ("$policy", policy.ToJson()), ("$id", vehicleId));
        transaction.Commit();
        return policy;
    }

    /// <summary>The enrolled vehicle <paramref name="vehicleId"/> with its owner and stored policy, or null when nobody enrolled it.</summary>
    public EnrolledVehicle? Vehicle(string vehicleId)
    {
        using var connection = AccountsDatabase.Open(dataDirectory);
        return ReadVehicle(connection, null, vehicleId);
    }

    /// <summary>The stored policies that override what agents report, by vehicle id, each in its owner's time zone.</summary>
    internal static Dictionary<string, OwnerPolicyState> ReadPolicies(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT v.id, v.policy_json, o.time_zone FROM enrolled_vehicles v JOIN owners o ON o.name = v.owner
            WHERE v.policy_json IS NOT NULL
            """;
        using var reader = command.ExecuteReader();
        var policies = new Dictionary<string, OwnerPolicyState>(StringComparer.Ordinal);
        while (reader.Read())
        {
            try
            {
                policies[reader.GetString(0)] = VehiclePolicy.FromJson(reader.GetString(1)).ToState(reader.GetString(2));
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                // Written by SetPolicy, so valid; a hand-edited row that is not leaves the agent's own policy in force.
            }
        }

        return policies;
    }

    private static EnrolledVehicle? ReadVehicle(SqliteConnection connection, SqliteTransaction? transaction, string vehicleId) =>
        ReadVehicles(connection, transaction, "v.id = $key", vehicleId).FirstOrDefault();

    private static List<EnrolledVehicle> ReadVehicles(SqliteConnection connection, SqliteTransaction? transaction, string where, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT v.id, v.owner, v.policy_json, v.enrolled_ms FROM enrolled_vehicles v WHERE {where} ORDER BY v.id";
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        var vehicles = new List<EnrolledVehicle>();
        while (reader.Read())
        {
            vehicles.Add(new EnrolledVehicle(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : VehiclePolicy.FromJson(reader.GetString(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return vehicles;
    }
}

/// <summary>A vehicle enrolled under an owner, with the policy the owner stored for it (null: none; the agent's own applies).</summary>
public sealed record EnrolledVehicle(string Id, string Owner, VehiclePolicy? Policy, DateTimeOffset Enrolled);
