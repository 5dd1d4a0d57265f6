using Optimus.Routing.Model;
using Optimus.Routing.Tests.Data;
using Optimus.Routing.Tests.Model;

namespace Optimus.Routing.Tests.Cli;

[Collection(SharedRouter.Name)]
public sealed class RouterCalibrateCommandTests(RouterFixture fixture)
{
    [Fact]
    public async Task Calibrate_StoredScores_WritesThresholdsIntoRouterFile()
    {
        var path = Copy("stored.zip");

        var (exitCode, output, error) = await CommandRunner.RunAsync("calibrate", "--router", path, "--cloud-share", "0.2");

        Assert.True(exitCode == 0, error);
        Assert.Contains("20.0", output, StringComparison.Ordinal);
        using var router = Router.Load(path);
        Assert.Equal(0.2, router.Manifest.Calibration!.CloudShare);
    }

    [Fact]
    public async Task Calibrate_WithDataButNoHeldOutRows_ExitsNonZero()
    {
        // The fixture chose its rows itself, so its file records no held-out share to find calibration rows by.
        var path = Copy("no-holdout.zip");

        var (exitCode, _, error) = await CommandRunner.RunAsync("calibrate", "--router", path, "--cloud-share", "0.2", "--data", RoutingDataSetsTests.DataDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("holds out none", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public async Task Calibrate_ShareOutOfRange_ExitsNonZero(string share)
    {
        var (exitCode, _, error) = await CommandRunner.RunAsync("calibrate", "--router", Copy($"range{share}.zip"), "--cloud-share", share);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--cloud-share", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_MissingRouterFile_ExitsNonZeroWithHint()
    {
        var (exitCode, _, error) = await CommandRunner.RunAsync("calibrate", "--router", Path.Combine(fixture.WorkDirectory, "absent.zip"), "--cloud-share", "0.2");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("router train", error, StringComparison.Ordinal);
    }

    private string Copy(string name)
    {
        var path = Path.Combine(fixture.WorkDirectory, name);
        File.Copy(fixture.RouterPath, path, overwrite: true);
        return path;
    }
}
