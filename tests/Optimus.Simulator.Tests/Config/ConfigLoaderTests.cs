using Optimus.Simulator.Config;

namespace Optimus.Simulator.Tests.Config;

public class ConfigLoaderTests
{
    [Fact]
    public void Parse_Subset_OverridesItAndKeepsEveryOtherDefault()
    {
        var config = ConfigLoader.Parse("""{ "fleet": { "optInRate": 0.5 }, "workload": { "cloudShare": 0.3 } }""");

        Assert.Equal(0.5, config.Fleet.OptInRate);
        Assert.Equal(0.86, config.Fleet.HomeChargingAccess);
        Assert.Equal(0.3, config.Workload.CloudShare);
        Assert.Equal(SimulationConfig.Default.Charging, config.Charging);
        Assert.Equal(0.6, config.Device.Serving.BandwidthEfficiency);
    }

    [Fact]
    public void Parse_UnknownProperty_FailsNamingIt()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""{ "fleet": { "optinrat": 0.5 } }"""));

        Assert.Contains("optinrat", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_Defaults_ParsesBackToEqualValues()
    {
        var json = ConfigLoader.Serialize(SimulationConfig.Default);

        var back = ConfigLoader.Parse(json);

        Assert.Equal(ConfigLoader.Serialize(back), json);
        Assert.Equal(SimulationConfig.Default.Fleet.OptInRate, back.Fleet.OptInRate);
    }

    [Fact]
    public void Validate_BadValues_ListsEveryProblem()
    {
        var config = SimulationConfig.Default with
        {
            Fleet = SimulationConfig.Default.Fleet with { OptInRate = 1.5, Hardware = [new("ai9", 1)] },
            Policies = SimulationConfig.Default.Policies with { Hours = "someday 1-2" },
        };

        var errors = ConfigValidator.Validate(config, new RunSettings(0, 0, 1, 0));

        Assert.Contains(errors, e => e.Contains("--vehicles", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--days", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--sampling-factor", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("optInRate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ai9", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("policies.hours", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_HasNoProblem()
    {
        Assert.Empty(ConfigValidator.Validate(SimulationConfig.Default, RunSettings.Create(100_000, 7, 1)));
        Assert.Equal(50, RunSettings.Create(100_000, 7, 1).SamplingFactor);
        Assert.Equal(1, RunSettings.Create(10, 7, 1).SamplingFactor);
    }
}
