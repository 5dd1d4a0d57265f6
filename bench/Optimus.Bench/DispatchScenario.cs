using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Optimus.Abstractions;
using Optimus.Core.Placement;
using Optimus.Gateway;

namespace Optimus.Bench;

/// <summary>
/// Placements through the Orleans dispatcher grains (Place then Release, as each request does), with a registered fleet
/// of synthetic vehicles spread over the cells. Concurrent callers from outside the grains, as the HTTP handlers are.
/// </summary>
internal static class DispatchScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var vehicles = args.Int("vehicles", 1_000_000);
        var cells = args.Int("cells", 4);
        var concurrency = args.Int("concurrency", 64);
        var seconds = args.Int("seconds", 10);
        var data = Path.Combine(Path.GetTempPath(), "optimus-bench", Guid.NewGuid().ToString("N"));
        var options = new GatewayOptions { ApiPort = GatewayHost.FreePort(), AgentPort = GatewayHost.FreePort(), DataDirectory = data, DispatchCells = cells };
        await using var app = GatewayHost.Build(options, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var map = new DispatchCells(cells);

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, vehicles), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, _) =>
        {
            var id = $"car-{i}";
            await grains.GetGrain<IDispatcherGrain>(map.CellOf(id)).Update(new VehicleAvailability(id, 1, true, 2, "stories260K", 2048, 3600));
        });
        Console.Error.WriteLine($"registered {vehicles} vehicles in {clock.Elapsed.TotalSeconds:0.0} s");

        long placements = 0;
        var next = 0;
        clock.Restart();
        var workers = Enumerable.Range(0, concurrency).Select(async w =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var jobId = $"job-{w}-{placements}";
                var cell = DispatchCells.CellName(Interlocked.Increment(ref next) % cells);
                var dispatcher = grains.GetGrain<IDispatcherGrain>(cell);
                var result = await dispatcher.Place(jobId, JobClass.Interactive, 30);
                if (result.Placement is { } placement)
                {
                    await dispatcher.Release(placement.VehicleId, placement.LeaseEpoch, jobId);
                }

                Interlocked.Increment(ref placements);
            }
        });
        await Task.WhenAll(workers);
        var rate = placements / clock.Elapsed.TotalSeconds;
        var process = Process.GetCurrentProcess();
        Console.WriteLine($"""
            | measure | value |
            |---|---|
            | dispatches (Place + Release grain calls) per second, {concurrency} concurrent callers, {seconds} s | {rate:0} |
            | registered vehicles / dispatcher cells | {vehicles:N0} / {cells} |
            | process peak working set | {process.PeakWorkingSet64 / (1 << 20):N0} MiB |

            machine: {Stats.Machine()}
            """);
        await app.StopAsync();
        return 0;
    }
}
