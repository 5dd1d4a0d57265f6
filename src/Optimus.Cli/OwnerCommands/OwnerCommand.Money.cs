using System.CommandLine;
using System.Globalization;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Billing;
using Optimus.Ledger;

namespace Optimus.Cli.OwnerCommands;

internal static partial class OwnerCommand
{
    private static Command StatementCommand()
    {
        var name = Name();
        var period = new Option<string>("--period") { Description = "The calendar month (UTC), e.g. 2026-11 (default: this month)" };
        var csv = new Option<bool>("--csv") { Description = "CSV: a row per vehicle and a total row (the default)" };
        var html = new Option<bool>("--html") { Description = "A readable HTML page with the same table" };
        var data = Data();
        var command = new Command("statement", "Print an owner's monthly statement per vehicle: hours served, tokens, kWh, earnings and energy reimbursed")
        {
            name, period, csv, html, data,
        };
        command.SetAction((result, cancellationToken) => RunAsync(async () =>
        {
            if (result.GetValue(csv) && result.GetValue(html))
            {
                throw new AccountsException("Choose one of --csv and --html.");
            }

            var month = result.GetValue(period) is { } text ? BillingPeriod.Parse(text) : BillingPeriod.Of(DateTimeOffset.UtcNow);
            var folder = ExistingData(result.GetValue(data)!);
            await using var ledger = await OpenLedgerAsync(folder, cancellationToken);
            var statement = await OwnerStatements.ReadAsync(folder, ledger, result.GetValue(name)!, month, cancellationToken);
            Console.Write(result.GetValue(html) ? StatementFormats.ToHtml(statement) : StatementFormats.ToCsv(statement));
            if (statement.Total.PendingRequests > 0)
            {
                Console.Error.WriteLine($"{statement.Total.PendingRequests} billed requests are not posted to the ledger yet; their earnings are not in this statement.");
            }

            return 0;
        }));
        return command;
    }

    private static Command PayoutCommand()
    {
        var batch = new Option<string>("--batch") { Description = "The batch's unique id, e.g. 2026-11; running the same id again pays nobody twice", Required = true };
        var data = Data();
        var command = new Command("payout", "Pay every owner the whole units of their payout form that their earnings cover; the rest stays for next time")
        {
            batch, data,
        };
        command.SetAction((result, cancellationToken) => RunAsync(async () =>
        {
            var folder = ExistingData(result.GetValue(data)!);
            await using var ledger = await OpenLedgerAsync(folder, cancellationToken);
            var paid = await new Payouts(ledger, new OwnerStore(folder)).CreateBatchAsync(result.GetValue(batch)!, cancellationToken);
            foreach (var payout in paid.Payouts)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{payout.Owner,-24} {payout.Units,8} {PayoutForms.Unit(payout.Form),-20} ${payout.AmountNanoDollars / 1e9m:0.00}"));
            }

            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Batch '{paid.Id}': {paid.Payouts.Count} payouts, ${paid.TotalNanoDollars / 1e9m:0.00} in all{(paid.Completed is null ? "; not complete" : string.Empty)}."));
            foreach (var failure in paid.Failures)
            {
                Console.Error.WriteLine($"optimus owner: {failure}");
            }

            return paid.Failures.Count == 0 ? 0 : 1;
        }));
        return command;
    }

    // Statements and payouts read what the gateway wrote: a missing folder is a typo, not an empty month.
    private static string ExistingData(string folder) => Directory.Exists(folder)
        ? folder
        : throw new AccountsException($"No data folder '{folder}'. Pass the folder `optimus up --data` uses.");

    private static Task<ILedgerStore> OpenLedgerAsync(string folder, CancellationToken cancellationToken) =>
        LedgerStores.OpenSqliteAsync(Path.Combine(folder, "ledger.db"), cancellationToken: cancellationToken);
}
