using Optimus.Core.Billing;

namespace Optimus.Gateway.Accounts;

/// <summary>Owners' settings (payout form, tariff, time zone) and listings.</summary>
public sealed partial class OwnerStore
{
    /// <summary>Sets the form in which <paramref name="owner"/> is paid from the next payout batch on.</summary>
    /// <exception cref="AccountsException">No such owner.</exception>
    public void SetPayoutForm(string owner, PayoutForm form) =>
        Update(owner, "UPDATE owners SET payout_form = @form WHERE name = @name", ("@form", form.ToString()));

    /// <summary>Sets the owner's electricity tariff and time zone; energy of charges posted from now on is reimbursed at it.</summary>
    /// <exception cref="AccountsException">No such owner, or the time zone is unknown.</exception>
    public void SetTariff(string owner, Tariff tariff, string timeZone)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        _ = Zone(timeZone);
        Update(owner, "UPDATE owners SET tariff = @tariff, time_zone = @zone WHERE name = @name", ("@tariff", tariff.ToString()), ("@zone", timeZone));
    }

    /// <summary>Every owner with their vehicles, by name.</summary>
    public IReadOnlyList<OwnerAccount> List() => ReadOwners(null);

    /// <summary>The owner named <paramref name="owner"/> with their vehicles, or null.</summary>
    public OwnerAccount? Find(string owner) => ReadOwners(owner).FirstOrDefault();

    private List<OwnerAccount> ReadOwners(string? only) => database.Read(connection =>
    {
        var owners = AccountsDatabase.Rows(connection, null,
            "SELECT name, payout_form, tariff, time_zone, created_ms FROM owners" + (only is null ? string.Empty : " WHERE name = @name"),
            static reader => (Name: reader.GetString(0), Form: Enum.Parse<PayoutForm>(reader.GetString(1)), Tariff: Tariff.Parse(reader.GetString(2)),
                Zone: reader.GetString(3), Created: reader.GetInt64(4)),
            only is null ? [] : [("@name", only)]);
        return owners.OrderBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => new OwnerAccount(o.Name, o.Form, o.Tariff, o.Zone, DateTimeOffset.FromUnixTimeMilliseconds(o.Created),
                ReadVehicles(connection, null, "v.owner = @key", o.Name)))
            .ToList();
    });

    private void Update(string owner, string sql, params (string Name, object Value)[] values)
    {
        if (database.Write((connection, transaction) => AccountsDatabase.Execute(connection, transaction, sql, [.. values, ("@name", owner)])) == 0)
        {
            throw NoSuchOwner(owner);
        }
    }

    private static AccountsException NoSuchOwner(string owner) =>
        new($"No owner named '{owner}'. Create it first with `optimus owner create --name {owner}`.");
}

/// <summary>An owner: how they are paid, what their electricity costs and where, and the vehicles enrolled under them.</summary>
public sealed record OwnerAccount(
    string Name, PayoutForm PayoutForm, Tariff Tariff, string TimeZone, DateTimeOffset Created, IReadOnlyList<EnrolledVehicle> Vehicles);

/// <summary>The names owners use for payout forms: <c>cash</c>, <c>fsd</c>, <c>supercharging</c>, <c>robotaxi</c>.</summary>
public static class PayoutForms
{
    public static string Name(PayoutForm form) => form switch
    {
        PayoutForm.FsdMonths => "fsd",
        PayoutForm.SuperchargingKWh => "supercharging",
        PayoutForm.RobotaxiCredits => "robotaxi",
        _ => "cash",
    };

    /// <summary>Reads a payout form's name (or its enum name, such as <c>FsdMonths</c>).</summary>
    /// <exception cref="AccountsException">Not a payout form.</exception>
    public static PayoutForm Parse(string text)
    {
        foreach (var form in Enum.GetValues<PayoutForm>())
        {
            if (string.Equals(text, Name(form), StringComparison.OrdinalIgnoreCase) || string.Equals(text, form.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return form;
            }
        }

        throw new AccountsException($"Unknown payout form '{text}': use cash (whole cents, $1 minimum), fsd (whole months), supercharging (whole kWh) or robotaxi (ride credits).");
    }

    /// <summary>What one unit of <paramref name="form"/> is called, for statements and messages.</summary>
    public static string Unit(PayoutForm form) => form switch
    {
        PayoutForm.FsdMonths => "FSD months",
        PayoutForm.SuperchargingKWh => "kWh of Supercharging",
        PayoutForm.RobotaxiCredits => "robotaxi credits",
        _ => "cents",
    };
}
