using Optimus.Simulator.Output;

namespace Optimus.Simulator.Tests.Simulation;

public class SamplingFactorTests
{
    [Fact]
    public void Run_SamplingFactorTenInsteadOfOne_SameResultsWithinSamplingError()
    {
        const int vehicles = 8_000;
        const double days = 1;
        var config = TestConfigs.LightDemand(0.05);
        var exact = new RunSummary(TestConfigs.Run(config, vehicles, days, seed: 100, samplingFactor: 1));
        var sampled = new[] { 101, 102, 103, 104 }.Select(seed => new RunSummary(TestConfigs.Run(config, vehicles, days, seed, samplingFactor: 10))).ToArray();

        // The spread of the k = 10 runs (different seeds: different fleets, demand and serving samples) is the sampling
        // error; the k = 1 run must sit within five of its standard deviations of their mean.
        AssertWithin(exact, sampled, s => s.EdgeTokensPerSecond, "edge tokens/s");
        AssertWithin(exact, sampled, s => s.Utilisation, "utilisation");
        AssertWithin(exact, sampled, s => s.EdgeTokenShare, "edge token share");
        AssertWithin(exact, sampled, s => s.EnergyKWh, "energy");
        AssertWithin(exact, sampled, s => s.OwnerEarningsPerYear.Average(), "mean owner earnings");
    }

    private static void AssertWithin(RunSummary exact, RunSummary[] sampled, Func<RunSummary, double> metric, string name)
    {
        var values = sampled.Select(metric).ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        var reference = metric(exact);
        var tolerance = Math.Max(5 * sd, 0.01 * Math.Abs(mean));
        Assert.True(Math.Abs(reference - mean) <= tolerance,
            $"seeds 100 (k = 1) and 101–104 (k = 10): {name} {reference:G5} at k = 1 against {mean:G5} ± {sd:G3} at k = 10");
    }
}
