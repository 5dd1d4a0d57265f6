using System.CommandLine;
using System.Text.Json;
using Optimus.Simulator.Cli;

namespace Optimus.Simulator.Tests.Cli;

public sealed class SimCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("optimus-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--vehicles", "0", "--vehicles")]
    [InlineData("--days", "-1", "--days")]
    [InlineData("--sampling-factor", "0", "--sampling-factor")]
    [InlineData("--config", "/nonexistent/sim.json", "does not exist")]
    public async Task Invoke_BadValue_ExplainsOnStderrAndFails(string option, string value, string expected)
    {
        var (code, _, error) = await Invoke("sim", option, value, "--out", _dir);

        Assert.NotEqual(0, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_NotANumber_FailsWithAParseError()
    {
        var (code, _, error) = await Invoke("sim", "--vehicles", "many");

        Assert.NotEqual(0, code);
        Assert.Contains("many", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_BadConfig_NamesTheProperty()
    {
        var path = Path.Combine(_dir, "bad.json");
        await File.WriteAllTextAsync(path, """{ "workload": { "cloudShare": 2 } }""");

        var (code, _, error) = await Invoke("sim", "--config", path, "--out", _dir);

        Assert.Equal(SimCommand.BadInput, code);
        Assert.Contains("workload.cloudShare", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_PrintConfig_WritesJsonThatLoadsBack()
    {
        var (code, output, _) = await Invoke("sim", "--print-config");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.TryGetProperty("fleet", out _));
    }

    [Fact]
    public async Task Invoke_SmallRun_WritesCsvAndASelfContainedReport()
    {
        var config = await LightConfig();
        var outDir = Path.Combine(_dir, "run");

        var (code, output, error) = await Invoke("sim", "--vehicles", "300", "--days", "0.5", "--seed", "9", "--config", config, "--out", outDir);

        Assert.True(code == 0, error);
        Assert.Contains("edge_tokens_per_s", output, StringComparison.Ordinal);
        foreach (var file in new[] { "timeseries.csv", "vehicles.csv", "summary.csv", "departures.csv", "config.json", "report.html", "plots/latency.png" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        }

        var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("Sampling factor", html, StringComparison.Ordinal);
        Assert.Equal(13, File.ReadAllLines(Path.Combine(outDir, "timeseries.csv")).Length);
        Assert.Contains("day", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Sweep_WritesEveryVariantAndATornado()
    {
        var config = await LightConfig();
        var outDir = Path.Combine(_dir, "sweep");

        var (code, _, error) = await Invoke("sim", "sweep", "--vehicles", "200", "--days", "0.25", "--config", config, "--out", outDir);

        Assert.True(code == 0, error);
        Assert.Equal(10, File.ReadAllLines(Path.Combine(outDir, "sweep.csv")).Length);
        Assert.True(new FileInfo(Path.Combine(outDir, "tornado.png")).Length > 1000);
    }

    [Fact]
    public async Task Invoke_SweepUnknownMetric_Fails()
    {
        var config = await LightConfig();

        var (code, _, error) = await Invoke("sim", "sweep", "--vehicles", "50", "--days", "0.05", "--config", config, "--metric", "nope", "--out", Path.Combine(_dir, "s"));

        Assert.Equal(SimCommand.BadInput, code);
        Assert.Contains("nope", error, StringComparison.Ordinal);
    }

    private async Task<string> LightConfig()
    {
        var path = Path.Combine(_dir, "light.json");
        await File.WriteAllTextAsync(path, """{ "workload": { "interactiveRequestsPerVehicleDay": 100, "batchRequestsPerVehicleDay": 100 } }""");
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("test") { SimCommand.Create() };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
