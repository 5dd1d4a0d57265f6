using System.Diagnostics;
using System.Text;
using Optimus.Gateway;

namespace Optimus.Bench;

/// <summary>
/// Dispatch throughput of a cluster of 1, 2 and 3 gateway silos on PostgreSQL (cluster mode), each a real `optimus up`
/// process with its own echo vehicles. Clients spread their requests across the gateways; a request is placed on any
/// vehicle of the cluster, so most cross a silo boundary (relayed). Needs OPTIMUS_TEST_POSTGRES (or --db).
/// </summary>
internal static class ClusterScenario
{
    private const string Body = """{"model":"optimus-edge","max_tokens":1,"temperature":0,"messages":[{"role":"user","content":"ping"}]}""";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var database = args.Get("db") ?? Environment.GetEnvironmentVariable("OPTIMUS_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(database))
        {
            Console.Error.WriteLine("cluster: give a PostgreSQL connection string with --db or OPTIMUS_TEST_POSTGRES.");
            return 2;
        }

        var vehicles = args.Int("vehicles", 8);
        var concurrency = args.Int("concurrency", 32);
        var seconds = args.Int("seconds", 10);
        var maxSilos = args.Int("silos", 3);
        Console.WriteLine("| silos | requests/s | relayed to another silo | p50 | p99 |");
        Console.WriteLine("|---|---|---|---|---|");
        for (var silos = 1; silos <= maxSilos; silos++)
        {
            var (throughput, relayed, p50, p99) = await MeasureAsync(database, silos, vehicles, concurrency, seconds);
            Console.WriteLine($"| {silos} | {throughput:0} | {relayed:P0} | {p50:0.0} ms | {p99:0.0} ms |");
        }

        Console.WriteLine($"\n{vehicles} echo vehicles per silo, {concurrency} concurrent clients spread over the silos for {seconds} s, non-streamed max_tokens 1; machine: {Stats.Machine()}");
        return 0;
    }

    private static async Task<(double Throughput, double Relayed, double P50, double P99)> MeasureAsync(string database, int silos, int vehicles, int concurrency, int seconds)
    {
        var cluster = "bench-" + Guid.NewGuid().ToString("N")[..10];
        var root = Path.Combine(Path.GetTempPath(), "optimus-bench", cluster);
        var processes = new List<Process>();
        var clients = new List<HttpClient>();
        try
        {
            for (var i = 0; i < silos; i++)
            {
                var api = GatewayHost.FreePort();
                processes.Add(Start(
                [
                    "up", "--no-auth", "--echo", "--vehicles", $"{vehicles}", "--vehicle-prefix", $"gw{i}", "--port", $"{api}",
                    "--agent-port", $"{GatewayHost.FreePort()}", "--data", Path.Combine(root, $"gw{i}"), "--cluster-db", database, "--cluster-id", cluster,
                ]));
                clients.Add(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri($"http://127.0.0.1:{api}/") });
            }

            await Task.WhenAll(processes.Select(WaitForBannerAsync));
            await WaitForSilosAsync(clients[0], silos);
            var own = OwnVehicles(database, silos, vehicles);
            for (var i = 0; i < 200; i++)
            {
                await SendAsync(clients[i % silos], own[i % silos]); // warm-up
            }

            var latencies = new List<double>();
            var relayed = 0L;
            var completed = 0L;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
            {
                var mine = new List<double>();
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    var gateway = worker % silos;
                    var started = Stopwatch.GetTimestamp();
                    if (await SendAsync(clients[gateway], own[gateway]))
                    {
                        Interlocked.Increment(ref relayed);
                    }

                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref completed);
                }

                lock (latencies)
                {
                    latencies.AddRange(mine);
                }
            }));
            return (completed / clock.Elapsed.TotalSeconds, relayed / (double)completed, Stats.Median(latencies), Stats.Percentile(latencies, 99));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }
    }

    // Customers see vehicles by pseudonym: each gateway's own vehicles' names, from the secret the cluster's accounts share.
    private static HashSet<string>[] OwnVehicles(string database, int silos, int vehicles)
    {
        using var accounts = Gateway.Accounts.AccountsDatabase.Postgres(database);
        var names = new Gateway.Api.VehiclePseudonyms(accounts);
        return Enumerable.Range(0, silos).Select(i => Enumerable.Range(1, vehicles).Select(k => names.Of($"gw{i}-{k:000}")).ToHashSet(StringComparer.Ordinal)).ToArray();
    }

    // True when a vehicle of another gateway answered (the request crossed silos).
    private static async Task<bool> SendAsync(HttpClient http, HashSet<string> ownVehicles)
    {
        using var content = new StringContent(Body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("v1/chat/completions", content);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        return !ownVehicles.Contains(response.Headers.GetValues("x-optimus-vehicle").Single());
    }

    private static Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "optimus.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForBannerAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("Digital Optimus is up.", StringComparison.Ordinal))
            {
                _ = process.StandardOutput.ReadToEndAsync(); // keep draining
                return;
            }
        }

        throw new InvalidOperationException("a gateway exited before it was up");
    }

    private static async Task WaitForSilosAsync(HttpClient http, int silos)
    {
        for (var tries = 0; tries < 240; tries++)
        {
            var health = await http.GetStringAsync("health");
            if (health.Contains($"\"silos\":{silos}", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"the cluster did not reach {silos} silos");
    }
}
