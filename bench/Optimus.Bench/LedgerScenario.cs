using System.Diagnostics;
using Optimus.Ledger;

namespace Optimus.Bench;

/// <summary>
/// Durable transfers per second on the ledger's stores, one transfer per call and in batches. SQLite always; PostgreSQL
/// when OPTIMUS_TEST_POSTGRES names a server (scripts/postgres-for-tests.sh prints one).
/// </summary>
internal static class LedgerScenario
{
    private const uint Ledger = 840; // USD cents

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var singles = args.Int("singles", 2000);
        var batched = args.Int("batched", 100_000);
        var batchSize = args.Int("batch", 1000);
        var rows = new List<string>();
        var path = Path.Combine(Path.GetTempPath(), "optimus-bench", Guid.NewGuid().ToString("N"), "ledger.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var sqlite = await LedgerStores.OpenSqliteAsync(path))
        {
            rows.Add(await MeasureAsync("SQLite (WAL, synchronous=FULL)", sqlite, singles, batched, batchSize));
        }

        if (Environment.GetEnvironmentVariable("OPTIMUS_TEST_POSTGRES") is { Length: > 0 } connection)
        {
            await using var postgres = await LedgerStores.OpenPostgresAsync(connection);
            rows.Add(await MeasureAsync("PostgreSQL 15 (serializable)", postgres, singles, batched, batchSize));
        }

        Console.WriteLine($"""
            | store | single transfers/s ({singles} calls of 1) | batched transfers/s ({batched:N0} in calls of {batchSize}) |
            |---|---|---|
            {string.Join(Environment.NewLine, rows)}

            1,000 accounts, random pairs, fixed seed; each call acknowledged only after its transaction commits; machine: {Stats.Machine()}
            """);
        return 0;
    }

    private static async Task<string> MeasureAsync(string name, ILedgerStore store, int singles, int batched, int batchSize)
    {
        var run = Guid.NewGuid();
        var prefix = (UInt128)(ulong)run.GetHashCode() << 64;
        var accounts = Enumerable.Range(1, 1000).Select(i => new Account(prefix + (UInt128)i, Ledger, 1)).ToList();
        await store.CreateAccountsAsync(accounts);
        var random = new Random(7);
        var next = prefix + 1_000_000;
        Transfer NextTransfer()
        {
            var debit = random.Next(1, 1001);
            var credit = 1 + ((debit + random.Next(1, 1000) - 1) % 1000);
            return new Transfer(next++, prefix + (UInt128)debit, prefix + (UInt128)credit, 1 + random.Next(100), Ledger, 1);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < singles; i++)
        {
            await store.CreateTransfersAsync([NextTransfer()]);
        }

        var singleRate = singles / clock.Elapsed.TotalSeconds;
        clock.Restart();
        for (var done = 0; done < batched; done += batchSize)
        {
            var batch = Enumerable.Range(0, batchSize).Select(_ => NextTransfer()).ToList();
            var results = await store.CreateTransfersAsync(batch);
            if (results.Any(r => r != CreateTransferResult.Ok))
            {
                throw new InvalidOperationException($"{name}: a transfer was rejected: {results.First(r => r != CreateTransferResult.Ok)}");
            }
        }

        return $"| {name} | {singleRate:N0} | {batched / clock.Elapsed.TotalSeconds:N0} |";
    }
}
