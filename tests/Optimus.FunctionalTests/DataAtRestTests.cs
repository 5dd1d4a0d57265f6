using Optimus.Cli.Up;
using Optimus.Gateway;

namespace Optimus.FunctionalTests;

/// <summary>Secrets at rest: the running gateway's data folder and files, and where `optimus up` puts its first keys.</summary>
[Collection(FleetGroup.Name)]
public sealed class DataAtRestTests(FleetFixture fleet)
{
    [Fact]
    public async Task DataFolder_RunningGateway_FolderIs0700AndEveryFileIs0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // One served request, so the journal and the ledger have written through their WAL files too.
        using var response = await fleet.Http.PostAsync("v1/chat/completions", TestRequests.Chat(2));
        response.EnsureSuccessStatusCode();

        Assert.Equal(DataFolder.FolderMode, File.GetUnixFileMode(fleet.DataDirectory));
        var files = Directory.GetFiles(fleet.DataDirectory);
        Assert.Contains(files, f => f.EndsWith("optimus.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("accounts.db-wal", StringComparison.Ordinal));
        foreach (var file in files.Where(f => !f.EndsWith(".pem", StringComparison.Ordinal)))
        {
            Assert.True(File.GetUnixFileMode(file) == DataFolder.FileMode, $"{file} is {File.GetUnixFileMode(file)}");
        }
    }

    [Fact]
    public void Banner_OutputNotATerminal_KeysGoToA0600FileAndNotToTheOutput()
    {
        using var output = new StringWriter();

        Banner.Print(fleet.Up, null, output, toTerminal: false);

        var keysFile = Path.Combine(fleet.DataDirectory, Banner.KeysFileName);
        Assert.DoesNotContain(fleet.Up.DemoKey!, output.ToString(), StringComparison.Ordinal);
        Assert.Contains(keysFile, output.ToString(), StringComparison.Ordinal);
        Assert.Contains(fleet.Up.DemoKey!, File.ReadAllText(keysFile), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(DataFolder.FileMode, File.GetUnixFileMode(keysFile));
        }
    }

    [Fact]
    public void Banner_Terminal_ShowsTheKeysOnce()
    {
        using var output = new StringWriter();

        Banner.Print(fleet.Up, null, output, toTerminal: true);

        Assert.Contains(fleet.Up.DemoKey!, output.ToString(), StringComparison.Ordinal);
    }
}
