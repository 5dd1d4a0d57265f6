using Microsoft.Data.Sqlite;

namespace Optimus.Gateway.Tests.Storage;

public sealed class DataFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void PrepareDatabase_NewFolder_FolderIs0700AndDatabaseWalAndShmAre0600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Path.Combine(_root, "data");
        var path = Path.Combine(folder, "optimus.db");

        DataFolder.PrepareDatabase(path);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1);";
            command.ExecuteNonQuery();
            Assert.True(File.Exists(path + "-wal"));
            Assert.True(File.Exists(path + "-shm"));
            Assert.Equal(DataFolder.FolderMode, File.GetUnixFileMode(folder));
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                Assert.Equal(DataFolder.FileMode, File.GetUnixFileMode(file));
            }
        }
    }

    [Fact]
    public void PrepareDatabase_LooseFolderOfOurs_IsTightened()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "batches.db");
        File.WriteAllBytes(path, []);
        File.SetUnixFileMode(_root, DataFolder.FolderMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(path, DataFolder.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        DataFolder.PrepareDatabase(path);

        Assert.Equal(DataFolder.FolderMode, File.GetUnixFileMode(_root));
        Assert.Equal(DataFolder.FileMode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Ensure_ExistingFolderHoldingOtherFiles_IsLeftAsItIs()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "not ours");
        var loose = DataFolder.FolderMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        File.SetUnixFileMode(_root, loose);

        DataFolder.Ensure(_root);

        Assert.Equal(loose, File.GetUnixFileMode(_root));
    }

    [Fact]
    public void WriteSecret_ExistingLooseFile_Becomes0600WithTheNewText()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(_root, "keys.txt");
        Directory.CreateDirectory(_root);
        File.WriteAllText(path, "old text that is longer");
        File.SetUnixFileMode(path, DataFolder.FileMode | UnixFileMode.OtherRead);

        DataFolder.WriteSecret(path, "secret");

        Assert.Equal(DataFolder.FileMode, File.GetUnixFileMode(path));
        Assert.Equal("secret", File.ReadAllText(path));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
