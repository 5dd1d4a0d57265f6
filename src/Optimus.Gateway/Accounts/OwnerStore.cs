using Optimus.Core.Billing;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// Owners and their enrolled vehicles in the accounts database: who is paid for a vehicle's work, at which electricity
/// tariff and in which time zone (for time-of-use prices). Used by <c>optimus owner</c>, the owner API and the billing
/// poster.
/// </summary>
public sealed partial class OwnerStore(AccountsDatabase database, TimeProvider time)
{
    public OwnerStore(string dataDirectory)
        : this(dataDirectory, TimeProvider.System)
    {
    }

    public OwnerStore(string dataDirectory, TimeProvider time)
        : this(AccountsDatabase.Sqlite(dataDirectory), time)
    {
    }

    /// <summary>Creates an owner, or leaves an existing one as it is. Returns whether it was created.</summary>
    /// <exception cref="AccountsException">The name, tariff, time zone or payout form is not valid.</exception>
    public bool Create(string name, Tariff? tariff = null, string timeZone = "UTC", PayoutForm payoutForm = PayoutForm.Cash)
    {
        KeyStore.ValidateName(name, "owner");
        _ = Zone(timeZone);
        return database.Write((connection, transaction) => AccountsDatabase.Execute(connection, transaction,
            "INSERT INTO owners (name, payout_form, tariff, time_zone, created_ms) VALUES (@name, @form, @tariff, @zone, @now) ON CONFLICT (name) DO NOTHING",
            ("@name", name), ("@form", payoutForm.ToString()), ("@tariff", (tariff ?? Tariff.Default).ToString()), ("@zone", timeZone),
            ("@now", AccountsDatabase.Now(time))) == 1);
    }

    /// <summary>Enrols <paramref name="vehicleId"/> under <paramref name="owner"/>; its earnings go to that owner from then on.</summary>
    /// <exception cref="AccountsException">No such owner, or the vehicle is enrolled under another owner.</exception>
    public void Enrol(string owner, string vehicleId)
    {
        KeyStore.ValidateName(vehicleId, "vehicle id");
        database.Write((connection, transaction) =>
        {
            if (AccountsDatabase.Scalar(connection, transaction, "SELECT 1 FROM owners WHERE name = @name", ("@name", owner)) is null)
            {
                throw new AccountsException($"No owner named '{owner}'. Create it first with `optimus owner create --name {owner}`.");
            }

            var current = AccountsDatabase.Scalar(connection, transaction, "SELECT owner FROM enrolled_vehicles WHERE id = @id", ("@id", vehicleId)) as string;
            if (current is not null && current != owner)
            {
                throw new AccountsException($"Vehicle '{vehicleId}' is enrolled under another owner.");
            }

            return AccountsDatabase.Execute(connection, transaction,
                "INSERT INTO enrolled_vehicles (id, owner, enrolled_ms) VALUES (@id, @owner, @now) ON CONFLICT (id) DO NOTHING",
                ("@id", vehicleId), ("@owner", owner), ("@now", AccountsDatabase.Now(time)));
        });
    }

    /// <summary>Who is paid for each of <paramref name="vehicleIds"/> and at which tariff; vehicles nobody enrolled are left out.</summary>
    public IReadOnlyDictionary<string, VehicleOwner> Lookup(IReadOnlyCollection<string> vehicleIds)
    {
        ArgumentNullException.ThrowIfNull(vehicleIds);
        var found = new Dictionary<string, VehicleOwner>(StringComparer.Ordinal);
        if (vehicleIds.Count == 0)
        {
            return found;
        }

        var names = vehicleIds.Select((_, i) => "@v" + i).ToList();
        var rows = database.Read(connection => AccountsDatabase.Rows(connection, null, $"""
            SELECT v.id, o.name, o.tariff, o.time_zone FROM enrolled_vehicles v JOIN owners o ON o.name = v.owner
            WHERE v.id IN ({string.Join(", ", names)})
            """, static reader => (Id: reader.GetString(0), Owner: reader.GetString(1), Tariff: reader.GetString(2), Zone: reader.GetString(3)),
            [.. names.Zip(vehicleIds, static (name, id) => (name, (object)id))]));
        foreach (var row in rows)
        {
            found[row.Id] = new VehicleOwner(row.Owner, Tariff.Parse(row.Tariff), Zone(row.Zone));
        }

        return found;
    }

    internal static TimeZoneInfo Zone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new AccountsException($"Unknown time zone '{id}': use an IANA name such as America/Los_Angeles or UTC.", ex);
        }
    }
}

/// <summary>Who is paid for a vehicle, and what its electricity costs them.</summary>
public sealed record VehicleOwner(string Owner, Tariff Tariff, TimeZoneInfo TimeZone);
