namespace Optimus.Testing;

/// <summary>Locates ../shared beside the repository: tests and CI use its model and never the network.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SharedDirectory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string StoriesModel
    {
        get
        {
            var path = Path.Combine(SharedDirectory, "models", "stories260K.gguf");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"The test model is missing: expected {path} (../shared beside the repository).");
        }
    }

    /// <summary>Deletes a test's temporary folder; best effort, since the OS cleans temp folders otherwise.</summary>
    public static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a process being torn down.
        }
        catch (UnauthorizedAccessException)
        {
            // Same, on platforms that report it so.
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Optimus.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Optimus.slnx not found above the test binaries.");
    }
}
