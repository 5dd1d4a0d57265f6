using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Storage;
using Optimus.Ledger;

namespace Optimus.Gateway.Billing;

/// <summary>
/// An owner's monthly statement, per vehicle, built from the ledger so that it reconciles to it exactly: the money of a
/// usage record is the sum of the owner-share and energy legs that credited the owner's earnings account for that record
/// (the legs' user data is <c>TransferId("record", "{job}/{attempt}")</c>), and a record counts towards requests, hours,
/// tokens and kWh only when such legs exist. So the statement's total equals what the ledger credited the owner for the
/// month's records, to the nanodollar.
/// </summary>
/// <remarks>
/// Only billed attempts earn: the attempt that served the answer. <b>Hours served</b> is the device time of those
/// attempts. <b>Unpaid hours</b> is the device time of the vehicle's other attempts since it was enrolled (a hedge that
/// lost the race, an attempt cut short when the car left, a failure, a free request), which earn nothing. Records
/// billed but not yet posted to the ledger (the poster runs every 200 ms) are counted as <b>pending</b> and carry no money
/// until they are posted. A record posted to another account (earned before the vehicle was enrolled) is left out.
/// </remarks>
public sealed class OwnerStatements
{
    private readonly ILedgerStore _ledger;
    private readonly OwnerStore _owners;
    private readonly UsageStore _usage;

    internal OwnerStatements(ILedgerStore ledger, OwnerStore owners, UsageStore usage)
    {
        _ledger = ledger;
        _owners = owners;
        _usage = usage;
    }

    /// <summary>
    /// The statement of <paramref name="owner"/> for <paramref name="period"/>, reading the usage records in the data
    /// folder's journal (<c>optimus.db</c>) directly; safe while the gateway runs on the same folder.
    /// </summary>
    /// <exception cref="AccountsException">No such owner.</exception>
    public static async Task<OwnerStatement> ReadAsync(
        string dataDirectory, ILedgerStore ledger, string owner, BillingPeriod period, CancellationToken cancellationToken = default)
    {
        using var journal = JobJournal.Open(new GatewayOptions { DataDirectory = dataDirectory });
        using var usage = new UsageStore(journal);
        return await new OwnerStatements(ledger, new OwnerStore(dataDirectory), usage).ForAsync(owner, period, cancellationToken);
    }

    /// <exception cref="AccountsException">No such owner.</exception>
    public async Task<OwnerStatement> ForAsync(string owner, BillingPeriod period, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        var account = _owners.Find(owner) ?? throw new AccountsException($"No owner named '{owner}'.");
        var earnings = LedgerAccounts.OwnerAccount(owner).Id;
        var legs = (await _ledger.GetAccountTransfersAsync(earnings, cancellationToken))
            .Where(t => t.CreditAccountId == earnings && t.Code is LedgerAccounts.OwnerShareCode or LedgerAccounts.EnergyCode)
            .ToLookup(t => t.UserData);
        var enrolled = account.Vehicles.ToDictionary(v => v.Id, v => v.Enrolled, StringComparer.Ordinal);
        var lines = enrolled.Keys.ToDictionary(id => id, id => new StatementLine(id), StringComparer.Ordinal);
        foreach (var row in _usage.ForVehicles(enrolled.Keys, period))
        {
            if (Part(row, legs, enrolled[row.VehicleId!]) is { } part)
            {
                lines[part.VehicleId] = StatementLine.Add(lines[part.VehicleId], part);
            }
        }

        var vehicles = lines.Values.OrderBy(l => l.VehicleId, StringComparer.Ordinal).ToList();
        return new OwnerStatement(owner, period, vehicles, vehicles.Aggregate(new StatementLine(StatementLine.TotalLabel), StatementLine.Add));
    }

    // What one usage record adds to its vehicle's line: earnings when the ledger credited the owner for it, else a
    // pending request or unpaid device time; nothing for a record from before the vehicle was enrolled.
    private static StatementLine? Part(UsageRow row, ILookup<UInt128, Transfer> legs, DateTimeOffset enrolled)
    {
        var record = row.Billed ? legs[LedgerAccounts.TransferId("record", $"{row.JobId}/{row.Attempt}")].ToList() : [];
        if (record.Count > 0)
        {
            return new StatementLine(row.VehicleId!)
            {
                Requests = 1,
                ServedMicroseconds = row.DeviceMicroseconds,
                PromptTokens = row.PromptTokens,
                CompletionTokens = row.CompletionTokens,
                MilliWattHours = row.MilliWattHours,
                EarningsNanoDollars = record.Where(t => t.Code == LedgerAccounts.OwnerShareCode).Sum(t => t.Amount),
                EnergyNanoDollars = record.Where(t => t.Code == LedgerAccounts.EnergyCode).Sum(t => t.Amount),
            };
        }

        if (row.Billed && row.Posted == 0)
        {
            return new StatementLine(row.VehicleId!) { PendingRequests = 1 };
        }

        return row.Started >= enrolled ? new StatementLine(row.VehicleId!) { UnpaidMicroseconds = row.DeviceMicroseconds } : null;
    }
}

/// <summary>An owner's statement for one month: a line per enrolled vehicle and their total.</summary>
public sealed record OwnerStatement(string Owner, BillingPeriod Period, IReadOnlyList<StatementLine> Vehicles, StatementLine Total);

/// <summary>One vehicle's month (or the total of all of them); see <see cref="OwnerStatements"/> for what each figure counts.</summary>
public sealed record StatementLine(string VehicleId)
{
    public const string TotalLabel = "total";

    /// <summary>Billed attempts whose earnings are in the ledger.</summary>
    public long Requests { get; init; }

    public long ServedMicroseconds { get; init; }

    public long UnpaidMicroseconds { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    /// <summary>Energy of the billed attempts, the energy reimbursed.</summary>
    public long MilliWattHours { get; init; }

    /// <summary>The owner's share of the charges.</summary>
    public long EarningsNanoDollars { get; init; }

    /// <summary>The energy reimbursed at the owner's tariff.</summary>
    public long EnergyNanoDollars { get; init; }

    /// <summary>Billed attempts not yet posted to the ledger; their money shows once they are.</summary>
    public long PendingRequests { get; init; }

    public long TotalNanoDollars => EarningsNanoDollars + EnergyNanoDollars;

    internal static StatementLine Add(StatementLine sum, StatementLine line) => sum with
    {
        Requests = sum.Requests + line.Requests,
        ServedMicroseconds = sum.ServedMicroseconds + line.ServedMicroseconds,
        UnpaidMicroseconds = sum.UnpaidMicroseconds + line.UnpaidMicroseconds,
        PromptTokens = sum.PromptTokens + line.PromptTokens,
        CompletionTokens = sum.CompletionTokens + line.CompletionTokens,
        MilliWattHours = sum.MilliWattHours + line.MilliWattHours,
        EarningsNanoDollars = sum.EarningsNanoDollars + line.EarningsNanoDollars,
        EnergyNanoDollars = sum.EnergyNanoDollars + line.EnergyNanoDollars,
        PendingRequests = sum.PendingRequests + line.PendingRequests,
    };
}
