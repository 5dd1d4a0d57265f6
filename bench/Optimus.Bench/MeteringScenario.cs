using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Optimus.Cli.Up;
using Optimus.Core.Billing;
using Optimus.Gateway;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Api;
using Optimus.Gateway.Billing;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Storage;

namespace Optimus.Bench;

/// <summary>
/// What API keys and metering add to one request, measured on the gateway's own services (a running `optimus up` with
/// no vehicles): find the key (SHA-256, the accounts database's data_version check, a dictionary), admit it against
/// requests and tokens per minute, reserve its maximum cost against a monthly spend limit, price the finished job,
/// queue its usage records for the journal and settle the reservation. The journal's writer and the billing poster
/// run meanwhile, as they do under load.
/// </summary>
internal static class MeteringScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var iterations = args.Int("requests", 200_000);
        var data = Path.Combine(Path.GetTempPath(), "optimus-bench", Guid.NewGuid().ToString("N"));
        var gateway = new GatewayOptions { ApiPort = GatewayHost.FreePort(), AgentPort = GatewayHost.FreePort(), DataDirectory = data };
        await using var up = OptimusUp.Build(new UpOptions { Gateway = gateway, Vehicles = 0, Echo = true }, null, b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await up.StartAsync(CancellationToken.None);
        var services = up.App.Services;
        var keys = services.GetRequiredService<KeyRing>();
        var limiter = services.GetRequiredService<KeyRateLimiter>();
        var metering = services.GetRequiredService<Metering>();
        var journal = services.GetRequiredService<JobJournal>();
        var limits = new KeyLimits(RequestsPerMinute: int.MaxValue / 2, TokensPerMinute: int.MaxValue / 2, SpendLimitNanoDollars: long.MaxValue / 4);
        var secret = keys.Store.Create("bench", KeyRole.Customer, "bench", limits).Secret;
        var request = new InferenceRequest(true, ModelCatalog.Edge, [new("user", "Once upon a time")], null, false, false, 64, 0, 1, null, null, false, 0, false);
        var started = DateTimeOffset.UtcNow;

        var latencies = new double[iterations];
        for (var i = -20_000; i < iterations; i++)
        {
            var clock = Stopwatch.GetTimestamp();
            var key = keys.Find(secret) ?? throw new InvalidOperationException("the bench key is not found");
            var caller = new Caller(key, key.Role, key.Subject);
            using var permit = limiter.AttemptAcquire(caller);
            if (!permit.IsAcquired)
            {
                throw new InvalidOperationException("the bench key was refused by its rate limits");
            }

            var (bill, error) = await metering.OpenAsync(caller, request, BillingTier.Interactive, [ModelCatalog.Edge], CancellationToken.None);
            if (error is not null)
            {
                throw new InvalidOperationException(error.Message);
            }

            var record = new JobRecord($"bench-{i}", "chat", ModelCatalog.Edge, "sim-000", 1, 1, 12, 64, "served", "length", null, started, 1)
            {
                Usage = [new AttemptUsage(1, "sim-000", 1, 200, started, 50_000, 64, AttemptOutcome.Served)],
            };
            journal.RecordJob(bill!.Charge(record, ModelCatalog.Edge));
            bill.Settle();
            if (i >= 0)
            {
                latencies[i] = Stopwatch.GetElapsedTime(clock).TotalMicroseconds;
            }
        }

        await journal.FlushAsync(CancellationToken.None);
        Console.WriteLine($"""
            | measure ({iterations:N0} requests, after 20,000 warm-up) | value |
            |---|---|
            | median | {Stats.Median(latencies):0.00} µs |
            | p99 | {Stats.Percentile(latencies, 99):0.00} µs |
            | p99.9 | {Stats.Percentile(latencies, 99.9):0.00} µs |
            | machine | {Stats.Machine()} |
            """);
        return 0;
    }
}
