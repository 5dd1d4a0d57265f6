using System.Diagnostics;
using Optimus.Gateway.Accounts;

namespace Optimus.Bench;

/// <summary>
/// What finding a key costs, change check included: SQLite's <c>PRAGMA data_version</c> in a data folder, or with
/// <c>--db</c> (or OPTIMUS_TEST_POSTGRES) the cluster's PostgreSQL <c>accounts_version</c> row, one round trip. One
/// thread; lookups of the same active key after a warm-up.
/// </summary>
internal static class KeyCheckScenario
{
    public static Task<int> RunAsync(BenchArgs args)
    {
        var lookups = args.Int("lookups", 20_000);
        var cluster = args.Get("db") ?? Environment.GetEnvironmentVariable("OPTIMUS_TEST_POSTGRES");
        var data = Path.Combine(Path.GetTempPath(), "optimus-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            using var database = AccountsDatabase.For(cluster, data);
            using var ring = new KeyRing(database, TimeProvider.System);
            var (_, secret) = ring.Store.Create("bench-" + Guid.NewGuid().ToString("N")[..8], KeyRole.Customer, "bench", KeyLimits.None);
            var latencies = new double[lookups];
            for (var i = -2_000; i < lookups; i++)
            {
                var start = Stopwatch.GetTimestamp();
                _ = ring.Find(secret) ?? throw new InvalidOperationException("the bench key was not found");
                if (i >= 0)
                {
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }
            }

            Console.WriteLine($"key check ({(cluster is null ? "SQLite data folder" : "cluster PostgreSQL")}), {lookups} lookups, one thread, {Stats.Machine()}");
            Console.WriteLine($"  median {Stats.Median(latencies):0.0} µs   p99 {Stats.Percentile(latencies, 99):0.0} µs   p99.9 {Stats.Percentile(latencies, 99.9):0.0} µs");
            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
