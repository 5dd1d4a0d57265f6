using System.CommandLine;
using System.Globalization;
using Optimus.Gateway.Accounts;

namespace Optimus.Cli.KeyCommands;

/// <summary>
/// `optimus keys create|list|revoke`: API keys in a data folder's accounts database, or with `--cluster-db` in a cluster's
/// (PostgreSQL). They work while `optimus up` runs on the same folder or cluster; every gateway sees a new or revoked key
/// on its next request. `create` prints only the new key on
/// stdout, so that scripts can capture it.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Create, list and revoke API keys (customer, admin or owner)");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(RevokeCommand());
        return command;
    }

    private static Option<string> Data() => new("--data") { Description = "Data folder of the gateway (its accounts.db)", DefaultValueFactory = _ => "optimus-data" };

    private static Option<string> Name(string description) => new("--name") { Description = description, Required = true };

    private static Command CreateCommand()
    {
        var name = Name("Unique name of the new key");
        var (data, cluster) = (Data(), AccountsOptions.ClusterDatabase());
        var role = new Option<string>("--role") { Description = "customer (calls /v1), admin (/admin) or owner (/owner)", DefaultValueFactory = _ => "customer" };
        var customer = new Option<string?>("--customer") { Description = "The customer (or, for --role owner, the owner) the key acts for (default: the key's name)" };
        var rpm = new Option<int>("--rpm") { Description = "Requests per minute (0: no limit)" };
        var tpm = new Option<int>("--tpm") { Description = "Prompt + completion tokens per minute (0: no limit)" };
        var spend = new Option<decimal>("--spend-limit") { Description = "Spend per calendar month in dollars (0: no limit)" };
        var prepaid = new Option<bool>("--prepaid") { Description = "A new customer pays from a prepaid balance (credited through POST /admin/customers/NAME/credits) instead of a monthly invoice" };
        var command = new Command("create", "Create a key and print it (only the key, on stdout); it is stored hashed and never shown again")
        {
            name, data, cluster, role, customer, rpm, tpm, spend, prepaid,
        };
        command.SetAction(result =>
        {
            var limit = result.GetValue(spend);
            if (result.GetValue(rpm) < 0 || result.GetValue(tpm) < 0 || limit < 0 || decimal.Round(limit, 9) != limit)
            {
                return Fail("--rpm, --tpm and --spend-limit must be 0 (no limit) or positive; --spend-limit in dollars with at most 9 decimals.");
            }

            return Run(() =>
            {
                var keyName = result.GetValue(name)!;
                var keyRole = KeyRoles.Parse(result.GetValue(role)!);
                using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
                var (_, secret) = new KeyStore(accounts, TimeProvider.System).Create(
                    keyName,
                    keyRole,
                    result.GetValue(customer) ?? keyName,
                    new KeyLimits(result.GetValue(rpm), result.GetValue(tpm), (long)(limit * 1_000_000_000m)),
                    result.GetValue(prepaid) ? Billing.Prepaid : Billing.Postpaid);
                Console.WriteLine(secret);
            });
        });
        return command;
    }

    private static Command ListCommand()
    {
        var (data, cluster) = (Data(), AccountsOptions.ClusterDatabase());
        var command = new Command("list", "List the keys (names, prefixes, roles, limits; never the secrets)") { data, cluster };
        command.SetAction(result => Run(() =>
        {
            using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
            var keys = new KeyStore(accounts, TimeProvider.System).List();
            Console.WriteLine($"{"NAME",-20} {"PREFIX",-14} {"ROLE",-9} {"FOR",-16} {"RPM",6} {"TPM",8} {"SPEND/MONTH",12}  STATUS");
            foreach (var key in keys)
            {
                var spend = key.Limits.SpendLimitNanoDollars == 0 ? "-" : (key.Limits.SpendLimitNanoDollars / 1e9m).ToString("0.##", CultureInfo.InvariantCulture);
                var status = key.Revoked is { } revoked ? $"revoked {revoked:yyyy-MM-dd HH:mm}" : "active";
                Console.WriteLine($"{key.Name,-20} {key.Prefix + "…",-14} {KeyRoles.Name(key.Role),-9} {key.Subject,-16} {key.Limits.RequestsPerMinute,6} {key.Limits.TokensPerMinute,8} {spend,12}  {status}");
            }

            if (keys.Count == 0)
            {
                Console.Error.WriteLine("No keys yet: `optimus up` makes an admin and a demo key on its first start, or use `optimus keys create`.");
            }
        }));
        return command;
    }

    private static Command RevokeCommand()
    {
        var name = Name("Name of the key to revoke");
        var (data, cluster) = (Data(), AccountsOptions.ClusterDatabase());
        var command = new Command("revoke", "Revoke a key; requests with it fail from the next one on, on every gateway") { name, data, cluster };
        command.SetAction(result =>
        {
            var keyName = result.GetValue(name)!;
            var revoked = false;
            var failed = Run(() =>
            {
                using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
                revoked = new KeyStore(accounts, TimeProvider.System).Revoke(keyName);
            });
            return failed != 0 ? failed
                : revoked ? Ok($"Revoked key '{keyName}'.")
                : Fail($"No active key named '{keyName}' (see `optimus keys list`).");
        });
        return command;
    }

    private static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception ex) when (ex is AccountsException or FormatException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
        {
            return Fail(ex.Message);
        }
    }

    private static int Ok(string message)
    {
        Console.Error.WriteLine(message);
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"optimus keys: {message}");
        return 1;
    }
}
