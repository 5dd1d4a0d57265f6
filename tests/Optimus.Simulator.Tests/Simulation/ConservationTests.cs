using Optimus.Core.Economics;
using Optimus.Simulator.Metrics;
using Optimus.Simulator.Model;

namespace Optimus.Simulator.Tests.Simulation;

public class ConservationTests
{
    private const int Seed = 7;

    [Fact]
    public void Run_DefaultWorkload_EveryRequestServedEscalatedOrRejected()
    {
        var r = TestConfigs.Run(TestConfigs.LightDemand(0.2), 1_500, 1, Seed, samplingFactor: 1);

        AssertCountsAddUp(r);
        Assert.True(r.Total(Counter.EdgeCompleted) > 0 && r.Total(Counter.CloudRouted) > 0 && r.Total(Counter.BatchEdgeCompleted) > 0, $"seed {Seed}");
        Assert.True(r.Total(Counter.Failovers) > 0, $"seed {Seed}: no departure moved a running request");
    }

    [Fact]
    public void Run_SaturatedWithoutCloud_RejectsAndStillAddsUp()
    {
        var config = TestConfigs.Default with
        {
            Workload = TestConfigs.Default.Workload with { InteractiveRequestsPerVehicleDay = 20_000, CloudEnabled = false, MaxQueueWaitSeconds = 1 },
        };

        var r = TestConfigs.Run(config, 100, 0.25, Seed, samplingFactor: 1);

        AssertCountsAddUp(r);
        Assert.True(r.Total(Counter.Rejected) > 0, $"seed {Seed}: saturation rejected nothing");
        Assert.Equal(0, r.Total(Counter.CloudRouted) + r.Total(Counter.CloudSpilled));
    }

    [Fact]
    public void Run_Saturated_SpillsToTheCloudAndAddsUp()
    {
        var config = TestConfigs.Default with
        {
            Workload = TestConfigs.Default.Workload with { InteractiveRequestsPerVehicleDay = 20_000, MaxFailovers = 0 },
        };

        var r = TestConfigs.Run(config, 100, 0.25, Seed, samplingFactor: 1);

        AssertCountsAddUp(r);
        Assert.True(r.Total(Counter.CloudSpilled) > 0, $"seed {Seed}: nothing spilled");
        Assert.True(r.Total(Counter.CloudFailover) > 0, $"seed {Seed}: with no continuations allowed, departures should go to the cloud");
    }

    [Fact]
    public void Run_AnyWorkload_MoneyAndEnergyReconcile()
    {
        var r = TestConfigs.Run(TestConfigs.LightDemand(0.2), 3_000, 2, Seed, samplingFactor: 3);
        var s = r.Series;

        // Every charge is split exactly; the per-vehicle ledger and the hourly series are sums of the same entries.
        Assert.Equal(r.Servers.Sum(v => v.ChargesNano), s.ChargesNano.Sum());
        Assert.Equal(r.Servers.Sum(v => v.OwnerShareNano), s.OwnerNano.Sum());
        Assert.Equal(r.Servers.Sum(v => v.EnergyUj), s.EnergyUj.Sum());
        Assert.Equal(r.Servers.Sum(v => v.OutputTokens), s.EdgeTokens.Sum(), 3);
        var split = SimulatorRevenueSplit.FromShare(r.Config.Economics.OwnerShare);
        Assert.True(s.OwnerNano.Sum() <= s.ChargesNano.Sum() * (split.OwnerShareBasisPoints / 10_000.0), $"seed {Seed}");
        Assert.True(s.OwnerNano.Sum() >= s.ChargesNano.Sum() * (split.OwnerShareBasisPoints / 10_000.0) - r.Total(Counter.EdgeCompleted) - r.Total(Counter.BatchEdgeCompleted) - r.Total(Counter.Failovers), $"seed {Seed}");

        // Energy: each vehicle's reimbursement is its energy at its tariff; energy is drawn only while serving.
        foreach (var v in r.Servers)
        {
            Assert.True(v.EnergyUj >= 0 && v.ReimbursementNano >= 0);
            Assert.True(v.OutputTokens > 0 || v.EnergyUj == 0, $"seed {Seed}: vehicle {v.Vehicle} drew energy without serving");
            Assert.True(v.EligibleHours <= (r.Days * 24) + 1e-6, $"seed {Seed}: vehicle {v.Vehicle} eligible longer than the run");
        }

        Assert.True(s.CloudUpstreamNano.Sum() <= s.CloudChargesNano.Sum());

        // The hourly energy cost (energy by tariff class × its price) equals the owners' reimbursements, up to each
        // vehicle's rounding to the nanodollar.
        var prices = Model.Simulation.TariffPrices(r.Config);
        var hourly = 0.0;
        for (var i = 0; i < s.EnergyUj.Length; i++)
        {
            hourly += Energy.ToKWh(s.EnergyUj[i]) * prices[i % s.Tariffs];
        }

        Assert.True(Math.Abs(hourly - NanoDollars.ToDollars(r.TotalReimbursementNano)) <= (r.Servers.Count * 1e-9) + 1e-9,
            $"seed {Seed}: hourly energy cost {hourly} against reimbursements {NanoDollars.ToDollars(r.TotalReimbursementNano)}");
    }

    private static void AssertCountsAddUp(SimulationResult r)
    {
        var arrived = r.Total(Counter.InteractiveArrivals) + r.Total(Counter.BatchRequests);
        var ended = r.Total(Counter.EdgeCompleted) + r.Total(Counter.BatchEdgeCompleted) + r.Total(Counter.CloudRouted) +
                    r.Total(Counter.CloudSpilled) + r.Total(Counter.CloudBatch) + r.Total(Counter.CloudFailover) + r.Total(Counter.Rejected);
        Assert.True(arrived > 0, $"seed {Seed}: no requests");
        Assert.Equal(0, r.Unfinished);
        Assert.True(arrived == ended, $"seed {Seed}: {arrived} arrived, {ended} ended");
    }
}
