using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Storage;
using Optimus.Ledger;

namespace Optimus.Gateway.Tests.Billing;

/// <summary>
/// A throwaway data folder with what owners' money touches: accounts.db, the journal's usage table (rows written
/// directly), the SQLite ledger and the real billing poster that turns billed rows into ledger legs.
/// </summary>
internal sealed class OwnerBooks : IAsyncDisposable
{
    private readonly JobJournal _journal;
    private readonly KeyRing _keys;

    private OwnerBooks(string data, ILedgerStore ledger)
    {
        Data = data;
        Ledger = ledger;
        var options = new GatewayOptions { DataDirectory = data };
        Owners = new OwnerStore(data, new FixedTime(Enrolled));
        Quarantine = new Quarantine(options, TimeProvider.System, NullLogger<Quarantine>.Instance);
        _journal = new JobJournal(options, Quarantine, TimeProvider.System, NullLogger<JobJournal>.Instance);
        Usage = new UsageStore(_journal);
        _keys = new KeyRing(AccountsDatabase.Sqlite(data), TimeProvider.System);
        Poster = new BillingPoster(ledger, Usage, Owners, _keys, Quarantine, options, NullLogger<BillingPoster>.Instance);
    }

    /// <summary>When the owners and vehicles of these books were created: before the months the tests record.</summary>
    public static DateTimeOffset Enrolled { get; } = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public string Data { get; }

    /// <summary>Where the journal and the poster set aside what they cannot process.</summary>
    public Quarantine Quarantine { get; }

    public ILedgerStore Ledger { get; }

    public OwnerStore Owners { get; }

    public UsageStore Usage { get; }

    public BillingPoster Poster { get; }

    public OwnerStatements Statements => new(Ledger, Owners, Usage);

    public static async Task<OwnerBooks> CreateAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "optimus-gateway-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        return new OwnerBooks(data, await LedgerStores.OpenSqliteAsync(Path.Combine(data, "ledger.db")));
    }

    /// <summary>Writes one usage record as the journal would (unbilled or free records are written already posted).</summary>
    public void Record(string job, int attempt, string vehicle, bool billed, DateTimeOffset started, long charge, long deviceMicroseconds = 2_000_000,
        long milliWattHours = 50, int prompt = 10, int completion = 20)
    {
        using var connection = new SqliteConnection($"Data Source={_journal.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO usage (job_id, attempt, customer, key_name, model, tier, vehicle_id, lease_epoch, outcome, billed, prompt_tokens,
                               completion_tokens, device_us, milliwatt_hours, started_ms, charge_nanos, posted)
            VALUES ($job, $attempt, 'acme', 'acme-key', 'optimus-edge', 'interactive', $vehicle, 1, $outcome, $billed, $prompt,
                    $completion, $device, $mwh, $started, $charge, $posted)
            """;
        command.Parameters.AddWithValue("$job", job);
        command.Parameters.AddWithValue("$attempt", attempt);
        command.Parameters.AddWithValue("$vehicle", vehicle);
        command.Parameters.AddWithValue("$outcome", billed ? "served" : "abandoned");
        command.Parameters.AddWithValue("$billed", billed ? 1 : 0);
        command.Parameters.AddWithValue("$prompt", billed ? prompt : 0);
        command.Parameters.AddWithValue("$completion", completion);
        command.Parameters.AddWithValue("$device", deviceMicroseconds);
        command.Parameters.AddWithValue("$mwh", milliWattHours);
        command.Parameters.AddWithValue("$started", started.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$charge", billed ? charge : 0);
        command.Parameters.AddWithValue("$posted", billed && charge > 0 ? 0 : 1);
        command.ExecuteNonQuery();
    }

    /// <summary>Credits <paramref name="owner"/>'s earnings directly (as if from charges), idempotent by <paramref name="id"/>.</summary>
    public async Task EarnAsync(string owner, long nanoDollars, string id)
    {
        var account = LedgerAccounts.OwnerAccount(owner);
        await Ledger.CreateAccountsAsync([account, LedgerAccounts.FundingAccount]);
        var results = await Ledger.CreateTransfersAsync([new Transfer(LedgerAccounts.TransferId("test-earnings", id), LedgerAccounts.FundingAccount.Id,
            account.Id, nanoDollars, LedgerAccounts.Usd, LedgerAccounts.OwnerShareCode)]);
        Assert.Equal(CreateTransferResult.Ok, results[0]);
    }

    public async Task<long> BalanceAsync(string owner)
    {
        var accounts = await Ledger.GetAccountsAsync([LedgerAccounts.OwnerAccount(owner).Id]);
        return accounts.Count == 0 ? 0 : LedgerAccounts.Balance(accounts[0]);
    }

    public async ValueTask DisposeAsync()
    {
        Poster.Dispose();
        Usage.Dispose();
        _keys.Dispose();
        _journal.Dispose();
        await Ledger.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Data, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
