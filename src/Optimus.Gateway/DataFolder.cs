namespace Optimus.Gateway;

/// <summary>
/// The data folder holds API key hashes, customers' prompts and answers (journal, batches), the ledger and the vehicle
/// signing key: it is made 0700 and every file in it 0600, on Linux and macOS. Each place that makes the folder or a
/// database in it goes through here. SQLite makes a database's -wal and -shm files with the database file's mode, so
/// making the database file 0600 before SQLite first opens it covers all three.
/// </summary>
public static class DataFolder
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly string[] SqliteSuffixes = [string.Empty, "-wal", "-shm", "-journal"];

    /// <summary>
    /// Makes <paramref name="directory"/> 0700 if it does not exist. An existing folder is tightened too when it is one of
    /// ours (empty, or holding one of our databases): a folder made by an older version, but never, say, a home folder.
    /// </summary>
    public static void Ensure(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, FolderMode);
            return;
        }

        if ((File.GetUnixFileMode(directory) & ~FolderMode) == 0)
        {
            return;
        }

        var ours = !Directory.EnumerateFileSystemEntries(directory).Any() ||
            Directory.EnumerateFiles(directory, "*.db").Any(f => Path.GetFileName(f) is "optimus.db" or "accounts.db" or "ledger.db" or "batches.db" or "quarantine.db");
        if (ours)
        {
            File.SetUnixFileMode(directory, FolderMode);
        }
    }

    /// <summary>
    /// Makes the folder of <paramref name="databasePath"/> (see <see cref="Ensure"/>), creates the database file empty and
    /// 0600 if it does not exist yet (SQLite opens an empty file as a new database), and makes an existing one and its
    /// -wal, -shm and -journal files 0600.
    /// </summary>
    public static void PrepareDatabase(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        Ensure(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!File.Exists(databasePath))
        {
            try
            {
                using var _ = new FileStream(databasePath, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode });
            }
            catch (IOException) when (File.Exists(databasePath))
            {
                // Made by a process starting beside this one: tightened below like any existing file.
            }
        }

        foreach (var suffix in SqliteSuffixes)
        {
            if (File.Exists(databasePath + suffix) && (File.GetUnixFileMode(databasePath + suffix) & ~FileMode) != 0)
            {
                File.SetUnixFileMode(databasePath + suffix, FileMode);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> to a new 0600 file (replacing one there), the mode set before the secret is in it.</summary>
    public static void WriteSecret(string path, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(text);
        Ensure(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using var stream = new FileStream(path, options);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stream.SafeFileHandle, FileMode); // an existing file keeps its mode on Create: tighten it
        }

        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
