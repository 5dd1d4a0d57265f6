using System.CommandLine;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Identity;

namespace Optimus.Cli.OwnerCommands;

/// <summary>
/// `optimus owner create|set|enrol|revoke|policy|list|key|statement|payout`: vehicle owners in a data folder's accounts database
/// and their money in its ledger (<c>ledger.db</c>). Every command opens the databases briefly (SQLite in WAL mode), so
/// they work while `optimus up` runs on the same folder; a policy set here holds from the vehicle's next heartbeat. The
/// account commands (all but statement and payout) take `--cluster-db` to act on a cluster's accounts in PostgreSQL.
/// Results go to stdout, messages to stderr; a refused request ends with a message and exit code 1.
/// </summary>
internal static partial class OwnerCommand
{
    public static Command Create()
    {
        var command = new Command("owner", "Manage vehicle owners: enrol vehicles, set their policies, statements and payouts");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(SetCommand());
        command.Subcommands.Add(EnrolCommand());
        command.Subcommands.Add(RevokeCommand());
        command.Subcommands.Add(PolicyCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(KeyCommand());
        command.Subcommands.Add(StatementCommand());
        command.Subcommands.Add(PayoutCommand());
        return command;
    }

    private static Option<string> Data() => new("--data") { Description = "Data folder of the gateway (accounts.db, ledger.db, optimus.db)", DefaultValueFactory = _ => "optimus-data" };

    private static Option<string> Name() => new("--name") { Description = "The owner's name", Required = true };

    private static Option<string> Vehicle() => new("--vehicle") { Description = "The vehicle's id, as its agent registers it", Required = true };

    private static Option<string?> TariffOption() => new("--tariff")
    {
        Description = "Electricity price per kWh in dollars, optionally with a local peak window: \"0.15\" or \"0.15 peak=0.40@16-21\" (default 0.15)",
    };

    private static Option<string?> TimeZoneOption() => new("--time-zone") { Description = "The owner's IANA time zone for the tariff and policy hours, e.g. America/Los_Angeles (default UTC)" };

    private static Option<string?> PayoutOption() => new("--payout") { Description = "How earnings are paid: cash (whole cents, $1 minimum), fsd (whole months), supercharging (whole kWh) or robotaxi (ride credits)" };

    private static Command CreateCommand()
    {
        var (name, tariff, zone, payout, data, cluster) = (Name(), TariffOption(), TimeZoneOption(), PayoutOption(), Data(), AccountsOptions.ClusterDatabase());
        var command = new Command("create", "Create an owner (an existing one is left as it is)") { name, tariff, zone, payout, data, cluster };
        command.SetAction(result => Run(() =>
        {
            var owner = result.GetValue(name)!;
            using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
            var created = Owners(accounts).Create(
                owner,
                result.GetValue(tariff) is { } t ? Tariff.Parse(t) : null,
                result.GetValue(zone) ?? "UTC",
                result.GetValue(payout) is { } p ? PayoutForms.Parse(p) : PayoutForm.Cash);
            Console.Error.WriteLine(created ? $"Created owner '{owner}'." : $"Owner '{owner}' already exists; left as it is (change it with `optimus owner set`).");
        }));
        return command;
    }

    private static Command SetCommand()
    {
        var (name, tariff, zone, payout, data, cluster) = (Name(), TariffOption(), TimeZoneOption(), PayoutOption(), Data(), AccountsOptions.ClusterDatabase());
        var command = new Command("set", "Change an owner's tariff, time zone or payout form") { name, tariff, zone, payout, data, cluster };
        command.SetAction(result => Run(() =>
        {
            var owner = result.GetValue(name)!;
            using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
            var store = Owners(accounts);
            var current = store.Find(owner) ?? throw new AccountsException($"No owner named '{owner}' (see `optimus owner list`).");
            if (result.GetValue(tariff) is not null || result.GetValue(zone) is not null)
            {
                store.SetTariff(owner, result.GetValue(tariff) is { } t ? Tariff.Parse(t) : current.Tariff, result.GetValue(zone) ?? current.TimeZone);
            }

            if (result.GetValue(payout) is { } p)
            {
                store.SetPayoutForm(owner, PayoutForms.Parse(p));
            }

            PrintOwner(store.Find(owner)!);
        }));
        return command;
    }

    private static Command EnrolCommand()
    {
        var (name, vehicle, data, cluster) = (Name(), Vehicle(), Data(), AccountsOptions.ClusterDatabase());
        var command = new Command(
            "enrol",
            "Enrol a vehicle under an owner (its earnings go to them from then on) and print its credential (only that, on stdout), which its agent needs to connect")
        {
            name, vehicle, data, cluster,
        };
        command.SetAction(result => Run(() =>
        {
            var (owner, id, folder) = (result.GetValue(name)!, result.GetValue(vehicle)!, result.GetValue(data)!);
            using var accounts = AccountsOptions.Open(result, cluster, folder);
            Owners(accounts).Enrol(owner, id);
            var credential = Credentials(accounts, folder).Issue(id);
            Console.Error.WriteLine($"Vehicle '{id}' is enrolled under '{owner}'. Its credential (keep it secret; give it to the vehicle's agent as OPTIMUS_VEHICLE_CREDENTIAL or --credential):");
            Console.WriteLine(credential);
        }));
        return command;
    }

    private static Command RevokeCommand()
    {
        var (vehicle, data, cluster) = (Vehicle(), Data(), AccountsOptions.ClusterDatabase());
        var command = new Command("revoke", "Revoke a vehicle's credential: its next connection is refused (enrol it again for a new credential)") { vehicle, data, cluster };
        command.SetAction(result => Run(() =>
        {
            using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
            Credentials(accounts, result.GetValue(data)!).Revoke(result.GetValue(vehicle)!);
            Console.Error.WriteLine($"The credential of vehicle '{result.GetValue(vehicle)}' is revoked; a session it has open ends when it next reconnects.");
        }));
        return command;
    }

    // The key comes from the same place as the gateway's: OPTIMUS_VEHICLE_SIGNING_KEY (which the gateways of a cluster
    // share), else the data folder.
    private static VehicleCredentials Credentials(AccountsDatabase accounts, string dataDirectory) =>
        new(accounts, VehicleSigningKey.Load(dataDirectory, Environment.GetEnvironmentVariable(VehicleSigningKey.EnvironmentVariable)), TimeProvider.System);

    private static OwnerStore Owners(AccountsDatabase accounts) => new(accounts, TimeProvider.System);

    private static Command ListCommand()
    {
        var (data, cluster) = (Data(), AccountsOptions.ClusterDatabase());
        var command = new Command("list", "List the owners, their settings and their vehicles with each one's policy") { data, cluster };
        command.SetAction(result => Run(() =>
        {
            using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
            var owners = Owners(accounts).List();
            foreach (var owner in owners)
            {
                PrintOwner(owner);
            }

            if (owners.Count == 0)
            {
                Console.Error.WriteLine("No owners yet: `optimus up` enrols its simulated vehicles under demo-owner, or use `optimus owner create`.");
            }
        }));
        return command;
    }

    private static Command KeyCommand()
    {
        var name = Name();
        var keyName = new Option<string?>("--key-name") { Description = "Unique name of the new key (default: OWNER-owner-RANDOM)" };
        var (data, cluster) = (Data(), AccountsOptions.ClusterDatabase());
        var command = new Command("key", "Create an owner API key (for /owner/v1) and print it (only the key, on stdout)") { name, keyName, data, cluster };
        command.SetAction(result => Run(() =>
        {
            var owner = result.GetValue(name)!;
            using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
            var (_, secret) = new KeyStore(accounts, TimeProvider.System).Create(
                result.GetValue(keyName) ?? $"{owner}-owner-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}",
                KeyRole.Owner,
                owner,
                KeyLimits.None);
            Console.WriteLine(secret);
        }));
        return command;
    }

    private static void PrintOwner(OwnerAccount owner)
    {
        Console.WriteLine($"{owner.Name}  payout {PayoutForms.Name(owner.PayoutForm)}  tariff {owner.Tariff}  time zone {owner.TimeZone}  {owner.Vehicles.Count} vehicle(s)");
        foreach (var vehicle in owner.Vehicles)
        {
            Console.WriteLine($"  {vehicle.Id,-24} {Describe(vehicle.Policy)}");
        }
    }

    private static string Describe(VehiclePolicy? policy) => policy is null
        ? "policy: the vehicle's own"
        : FormattableString.Invariant($"policy: {(policy.OptedOut ? "OPTED OUT, " : string.Empty)}hours {policy.Hours ?? "always"}, charge floor {policy.ChargeFloor:0.##}, ")
          + FormattableString.Invariant($"{(policy.PluggedInOnly ? "plugged in only" : "on battery too")}, categories {(policy.Categories is null ? "all" : string.Join(",", policy.Categories))}")
          + (policy.DailyEnergyCapWh > 0 ? FormattableString.Invariant($", at most {policy.DailyEnergyCapWh:0.#} Wh a day") : string.Empty);

    private static int Run(Action action) => RunAsync(() =>
    {
        action();
        return Task.FromResult(0);
    }).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is AccountsException or FormatException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException or IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"optimus owner: {ex.Message}");
            return 1;
        }
    }
}
