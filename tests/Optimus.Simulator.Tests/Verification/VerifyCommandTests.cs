using System.CommandLine;
using Optimus.Simulator.Cli;

namespace Optimus.Simulator.Tests.Verification;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("optimus-verify-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Verify_WritesSummaryKindsAndMarkdown()
    {
        var (code, output, _) = await Run("verify", "--vehicles", "300", "--jobs-per-vehicle", "100", "--out", _dir);

        Assert.Equal(0, code);
        Assert.Contains("wrong_accepted_share", output, StringComparison.Ordinal);
        Assert.Contains("metric,value\nvehicles,300\n", await File.ReadAllTextAsync(Path.Combine(_dir, "verify-summary.csv")), StringComparison.Ordinal);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(_dir, "verify-kinds.csv")).Length);
        Assert.True(File.Exists(Path.Combine(_dir, "verify.md")));
    }

    [Fact]
    public async Task VerifySweep_OneRowPerRateAndAPlot()
    {
        var (code, _, error) = await Run("verify", "sweep", "--vehicles", "200", "--jobs-per-vehicle", "50", "--rates", "0", "0.1", "0.3", "--out", _dir);

        Assert.True(code == 0, error);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_dir, "verify-sweep.csv")).Length);
        Assert.True(new FileInfo(Path.Combine(_dir, "verify-sweep.png")).Length > 1_000);
    }

    [Theory]
    [InlineData("--vehicles", "0")]
    [InlineData("--proven-rate", "1.5")]
    [InlineData("--canary-rate", "-0.1")]
    [InlineData("--jobs-per-vehicle", "0")]
    public async Task Verify_BadValue_ExitsTwoWithAMessage(string option, string value)
    {
        var (code, _, error) = await Run("verify", option, value, "--out", _dir);

        Assert.Equal(SimCommand.BadInput, code);
        Assert.StartsWith("sim verify:", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new RootCommand("test") { VerifyCommand.Create() }.Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
