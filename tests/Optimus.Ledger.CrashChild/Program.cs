using System.Globalization;
using System.Text;
using Optimus.Ledger;
using Optimus.Ledger.CrashChild;

// Optimus.Ledger.CrashChild <ledger.db> <seed> <first sequence>
// Opens the SQLite ledger, creates the workload's accounts (Ok or Exists), prints "ready", then posts batches of the
// workload's transfers from the first sequence on, forever. After each batch is acknowledged it prints one line per
// transfer, "<id> <result> .", in one write; the final "." tells a whole line from one cut short by kill -9.
if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: Optimus.Ledger.CrashChild <ledger.db> <seed> <first sequence>");
    return 2;
}

var seed = int.Parse(args[1], CultureInfo.InvariantCulture);
var next = ulong.Parse(args[2], CultureInfo.InvariantCulture);
await using var store = await LedgerStores.OpenSqliteAsync(args[0]);
foreach (var result in await store.CreateAccountsAsync(CrashWorkload.Accounts))
{
    if (result is not (CreateAccountResult.Ok or CreateAccountResult.Exists))
    {
        await Console.Error.WriteLineAsync($"creating the accounts answered {result}");
        return 3;
    }
}

await using var stdout = Console.OpenStandardOutput();
stdout.Write("ready\n"u8);
stdout.Flush();
var lines = new StringBuilder();
while (true)
{
    var transfers = Enumerable.Range(0, CrashWorkload.BatchSize).Select(i => CrashWorkload.Transfer(seed, next + (ulong)i)).ToArray();
    var results = await store.CreateTransfersAsync(transfers);
    lines.Clear();
    for (var i = 0; i < transfers.Length; i++)
    {
        if (results[i] is not (CreateTransferResult.Ok or CreateTransferResult.Exists))
        {
            await Console.Error.WriteLineAsync($"transfer {transfers[i]} answered {results[i]}");
            return 4;
        }
        lines.Append(CultureInfo.InvariantCulture, $"{transfers[i].Id} {results[i]} .\n");
    }
    await stdout.WriteAsync(Encoding.ASCII.GetBytes(lines.ToString()));
    await stdout.FlushAsync();
    next += CrashWorkload.BatchSize;
}
