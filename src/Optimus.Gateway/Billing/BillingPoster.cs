using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Cloud;
using Optimus.Gateway.Storage;
using Optimus.Ledger;

namespace Optimus.Gateway.Billing;

/// <summary>
/// Posts the charges of billed usage records to the ledger, off the request path. Each charge is three legs from the
/// customer, with ids derived from the record's key (job id, attempt): the vehicle's owner's share, their energy at
/// their tariff, and the platform's rest; together they are the charge. A record is marked posted only after
/// the ledger committed its legs; a crash in between replays them, and the ledger answers "exists". When a prepaid
/// balance cannot cover a leg (it was reserved, so only after a restart lost the reservation), the platform's
/// credit-risk account pays that leg instead and the owner is paid all the same. A record that cannot be posted for
/// what it holds (<see cref="Quarantine.IsRecordFault"/>) is found by posting its batch record by record, and set aside
/// in the <see cref="Quarantine"/>; a ledger that cannot be reached leaves the records queued, to be tried again.
/// </summary>
internal sealed partial class BillingPoster(
    ILedgerStore ledger, UsageStore usage, OwnerStore owners, KeyRing keys, Quarantine quarantine, GatewayOptions options, ILogger<BillingPoster> logger) : BackgroundService
{
    private const string Source = "billing";

    private const int BatchSize = 256;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly HashSet<UInt128> _accounts = [];
    private readonly RevenueSplit _split = new(options.OwnerShareBasisPoints);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Posts everything recorded so far; returns how many records it posted.</summary>
    public async Task<int> PostPendingAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var total = 0;
            while (usage.Unposted(BatchSize) is { Count: > 0 } rows)
            {
                try
                {
                    await PostAsync(rows, cancellationToken);
                }
                catch (Exception ex) when (Quarantine.IsRecordFault(ex))
                {
                    await PostEachAsync(rows, cancellationToken);
                }

                total += rows.Count;
            }

            return total;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PostPendingAsync(stoppingToken);
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Any fault but our own stop (a database timeout surfaces as a cancellation too): the records stay
                // unposted and are tried again; the loop never ends the host.
                LogPostingFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    // Some record of the batch is at fault: each is posted on its own, and the ones that fail are set aside.
    private async Task PostEachAsync(IReadOnlyList<UsageRow> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            try
            {
                await PostAsync([row], cancellationToken);
            }
            catch (Exception ex) when (Quarantine.IsRecordFault(ex))
            {
                quarantine.SetAside(Source, Quarantine.Reason(ex), row);
                usage.MarkPosted([row], state: 2); // kept for an operator; never retried in a loop
            }
        }
    }

    private async Task PostAsync(IReadOnlyList<UsageRow> rows, CancellationToken cancellationToken)
    {
        var vehicleOwners = owners.Lookup([.. rows.Select(r => r.VehicleId).OfType<string>().Distinct()]);
        var legs = new List<(UsageRow Row, string Name, Transfer Transfer)>(rows.Count * 3);
        var accounts = new List<Account> { LedgerAccounts.Platform, LedgerAccounts.CreditRiskAccount };
        var prepaid = rows.Select(r => r.Customer).Distinct().ToDictionary(c => c, c => keys.Store.BillingOf(c) == Accounts.Billing.Prepaid, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = $"{row.JobId}/{row.Attempt}";
            var customer = LedgerAccounts.CustomerAccount(row.Customer, prepaid[row.Customer]);
            ChargeSplit split;
            Account ownerAccount;
            if (row.VehicleId is null or CloudCompletions.VehicleId)
            {
                split = new ChargeSplit(0, 0, row.ChargeNanoDollars); // answered by the cloud tier: no owner to pay
                ownerAccount = LedgerAccounts.OwnerAccount(LedgerAccounts.Unenrolled);
            }
            else
            {
                var owner = vehicleOwners.GetValueOrDefault(row.VehicleId);
                var energy = (owner?.Tariff ?? Tariff.Default).EnergyCost(row.MilliWattHours, row.Started, owner?.TimeZone ?? TimeZoneInfo.Utc);
                split = _split.Split(row.ChargeNanoDollars, energy);
                ownerAccount = LedgerAccounts.OwnerAccount(owner?.Owner ?? LedgerAccounts.Unenrolled);
            }

            accounts.Add(customer);
            accounts.Add(ownerAccount);
            legs.Add((row, "owner", Leg("owner", key, customer.Id, ownerAccount.Id, split.Owner, LedgerAccounts.OwnerShareCode)));
            legs.Add((row, "energy", Leg("energy", key, customer.Id, ownerAccount.Id, split.Energy, LedgerAccounts.EnergyCode)));
            legs.Add((row, "platform", Leg("platform", key, customer.Id, LedgerAccounts.Platform.Id, split.Platform, LedgerAccounts.PlatformCode)));
        }

        await EnsureAccountsAsync(accounts, cancellationToken);
        legs.RemoveAll(l => l.Transfer.Amount == 0);
        var results = await ledger.CreateTransfersAsync([.. legs.Select(l => l.Transfer)], cancellationToken);
        var rescued = new List<(UsageRow Row, Transfer Transfer)>();
        var failed = new HashSet<UsageRow>();
        foreach (var ((row, name, leg), result) in legs.Zip(results))
        {
            if (result is CreateTransferResult.Ok or CreateTransferResult.Exists)
            {
                continue;
            }

            if (result == CreateTransferResult.ExceedsCredits)
            {
                // The customer's prepaid balance cannot cover this leg: the platform's credit-risk account pays it.
                rescued.Add((row, Leg(name + "-credit-risk", $"{row.JobId}/{row.Attempt}", LedgerAccounts.CreditRiskAccount.Id, leg.CreditAccountId, leg.Amount, leg.Code)));
                LogCreditRisk(row.Customer, row.JobId);
                continue;
            }

            LogLegRejected(row.JobId, row.Attempt, result);
            if (failed.Add(row))
            {
                quarantine.SetAside(Source, $"the ledger rejected its {name} leg: {result}", row);
            }
        }

        if (rescued.Count > 0)
        {
            // A rescue leg the ledger refuses would leave the owner unpaid with the record marked posted: set it aside.
            var rescuedResults = await ledger.CreateTransfersAsync([.. rescued.Select(r => r.Transfer)], cancellationToken);
            foreach (var ((row, _), result) in rescued.Zip(rescuedResults))
            {
                if (result is not (CreateTransferResult.Ok or CreateTransferResult.Exists) && failed.Add(row))
                {
                    LogLegRejected(row.JobId, row.Attempt, result);
                    quarantine.SetAside(Source, $"the ledger rejected its credit-risk leg: {result}", row);
                }
            }
        }

        usage.MarkPosted(rows.Except(failed));
        if (failed.Count > 0)
        {
            usage.MarkPosted(failed.Distinct(), state: 2); // kept for an operator; never retried in a loop
        }
    }

    // The legs of one record share its key as user data, so that its legs can be found together.
    private static Transfer Leg(string leg, string key, UInt128 debit, UInt128 credit, long amount, ushort code) =>
        new(LedgerAccounts.TransferId(leg, key), debit, credit, amount, LedgerAccounts.Usd, code, LedgerAccounts.TransferId("record", key));

    private async Task EnsureAccountsAsync(List<Account> accounts, CancellationToken cancellationToken)
    {
        var missing = accounts.DistinctBy(a => a.Id).Where(a => !_accounts.Contains(a.Id)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var results = await ledger.CreateAccountsAsync(missing, cancellationToken);
        foreach (var (account, result) in missing.Zip(results))
        {
            if (result is CreateAccountResult.Ok or CreateAccountResult.Exists)
            {
                _accounts.Add(account.Id);
            }
            else
            {
                LogAccountRejected(account.Id.ToString(), result);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Posting charges to the ledger failed; they stay queued")]
    private partial void LogPostingFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Customer {Customer}'s prepaid balance could not cover job {JobId}; the platform's credit-risk account paid")]
    private partial void LogCreditRisk(string customer, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ledger rejected a leg of job {JobId} attempt {Attempt}: {Result}")]
    private partial void LogLegRejected(string jobId, int attempt, CreateTransferResult result);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ledger rejected account {AccountId}: {Result}")]
    private partial void LogAccountRejected(string accountId, CreateAccountResult result);
}
