using Optimus.Simulator.Output;

namespace Optimus.Simulator.Tests.Simulation;

public class DeterminismTests
{
    [Fact]
    public void Run_SameSeedTwice_ByteIdenticalCsv()
    {
        const int seed = 20260601;
        var config = TestConfigs.LightDemand(0.1);

        var first = Csvs(TestConfigs.Run(config, 2_000, 1, seed, samplingFactor: 2));
        var second = Csvs(TestConfigs.Run(config, 2_000, 1, seed, samplingFactor: 2));

        for (var i = 0; i < first.Length; i++)
        {
            Assert.True(first[i] == second[i], $"seed {seed}: CSV {i} differs between two runs");
        }
    }

    [Fact]
    public void Run_DifferentSeeds_DifferentTimeSeries()
    {
        var config = TestConfigs.LightDemand(0.1);

        var a = CsvReport.TimeSeries(TestConfigs.Run(config, 1_000, 0.5, 1, samplingFactor: 1)).ToString();
        var b = CsvReport.TimeSeries(TestConfigs.Run(config, 1_000, 0.5, 2, samplingFactor: 1)).ToString();

        Assert.NotEqual(a, b);
    }

    private static string[] Csvs(Model.SimulationResult r)
    {
        var summary = new RunSummary(r);
        return [CsvReport.TimeSeries(r).ToString(), CsvReport.Vehicles(r).ToString(), CsvReport.Summary(summary).ToString(), CsvReport.Departures(r).ToString()];
    }
}
