using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Cloud;
using Optimus.Gateway.Storage;
using Optimus.Ledger;

namespace Optimus.Gateway.Billing;

/// <summary>
/// Posts the charges of billed usage records to the ledger, off the request path. Each charge is four legs with ids
/// derived from the record's key (job id, attempt): the customer pays the clearing account, which pays the vehicle's
/// owner their share and their energy at their tariff, and the platform the rest. A record is marked posted only after
/// the ledger committed its legs; a crash in between replays them, and the ledger answers "exists". When a prepaid
/// balance cannot cover a charge (it was reserved, so only after a restart lost the reservation), the platform's
/// credit-risk account pays instead and the owner is paid all the same.
/// </summary>
internal sealed partial class BillingPoster(
    ILedgerStore ledger, UsageStore usage, OwnerStore owners, KeyRing keys, GatewayOptions options, ILogger<BillingPoster> logger) : BackgroundService
{
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
                await PostAsync(rows, cancellationToken);
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
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPostingFailed(ex); // the records stay unposted and are tried again
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task PostAsync(IReadOnlyList<UsageRow> rows, CancellationToken cancellationToken)
    {
        var vehicleOwners = owners.Lookup([.. rows.Select(r => r.VehicleId).OfType<string>().Distinct()]);
        var transfers = new List<Transfer>(rows.Count * 4);
        var charges = new List<(UsageRow Row, Transfer Charge)>(rows.Count);
        var accounts = new List<Account> { LedgerAccounts.ClearingAccount, LedgerAccounts.Platform, LedgerAccounts.CreditRiskAccount };
        var prepaid = rows.Select(r => r.Customer).Distinct().ToDictionary(c => c, c => keys.Store.BillingOf(c) == Accounts.Billing.Prepaid, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var key = $"{row.JobId}/{row.Attempt}";
            var customer = LedgerAccounts.CustomerAccount(row.Customer, prepaid[row.Customer]);
            accounts.Add(customer);
            var charge = Leg("charge", key, customer, LedgerAccounts.ClearingAccount, row.ChargeNanoDollars, LedgerAccounts.ChargeCode);
            transfers.Add(charge);
            charges.Add((row, charge));

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

            accounts.Add(ownerAccount);
            transfers.Add(Leg("owner", key, LedgerAccounts.ClearingAccount, ownerAccount, split.Owner, LedgerAccounts.OwnerShareCode));
            transfers.Add(Leg("energy", key, LedgerAccounts.ClearingAccount, ownerAccount, split.Energy, LedgerAccounts.EnergyCode));
            transfers.Add(Leg("platform", key, LedgerAccounts.ClearingAccount, LedgerAccounts.Platform, split.Platform, LedgerAccounts.PlatformCode));
        }

        await EnsureAccountsAsync(accounts, cancellationToken);
        transfers.RemoveAll(t => t.Amount == 0);
        var results = await ledger.CreateTransfersAsync(transfers, cancellationToken);
        var byId = transfers.Zip(results).ToDictionary(p => p.First.Id, p => p.Second);
        var rescued = new List<Transfer>();
        var failed = new List<UsageRow>();
        foreach (var (row, charge) in charges)
        {
            foreach (var leg in transfers.Where(t => t.UserData == charge.UserData))
            {
                var result = byId[leg.Id];
                if (result is CreateTransferResult.Ok or CreateTransferResult.Exists)
                {
                    continue;
                }

                if (leg.Id == charge.Id && result == CreateTransferResult.ExceedsCredits)
                {
                    rescued.Add(Leg("charge-credit-risk", $"{row.JobId}/{row.Attempt}", LedgerAccounts.CreditRiskAccount, LedgerAccounts.ClearingAccount, row.ChargeNanoDollars, LedgerAccounts.ChargeCode));
                    LogCreditRisk(row.Customer, row.JobId);
                    continue;
                }

                LogLegRejected(row.JobId, row.Attempt, result);
                failed.Add(row);
            }
        }

        if (rescued.Count > 0)
        {
            await ledger.CreateTransfersAsync(rescued, cancellationToken);
        }

        usage.MarkPosted(rows.Except(failed));
        if (failed.Count > 0)
        {
            usage.MarkPosted(failed.Distinct(), state: 2); // kept for an operator; never retried in a loop
        }
    }

    // The legs of one record share its key as user data, so that its legs can be found together.
    private static Transfer Leg(string leg, string key, Account debit, Account credit, long amount, ushort code) =>
        new(LedgerAccounts.TransferId(leg, key), debit.Id, credit.Id, amount, LedgerAccounts.Usd, code, LedgerAccounts.TransferId("record", key));

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
