using System.Security.Cryptography;

namespace Optimus.Inference.Models;

/// <summary>
/// Finds the model to run: an explicit path, else OPTIMUS_MODEL, else the default model in the user cache folder,
/// downloaded on first use with its sha256 verified. A download goes to a temporary file that is renamed into place only
/// after verification, so an interrupted or corrupted download never poses as the model.
/// </summary>
public sealed class ModelStore(HttpClient http, string cacheDirectory, Uri? downloadUri = null)
{
    public const string ModelVariable = "OPTIMUS_MODEL";

    private readonly Uri _downloadUri = downloadUri ?? DefaultModel.DownloadUri;

    public string CacheDirectory { get; } = cacheDirectory;

    public string DefaultModelPath => Path.Combine(CacheDirectory, DefaultModel.FileName);

    /// <summary>The user cache folder: $XDG_CACHE_HOME/optimus/models, else ~/.cache/optimus/models.</summary>
    public static string UserCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "optimus", "models");
    }

    /// <summary>Returns a path to a GGUF file, downloading the default model when nothing else is given.</summary>
    public async Task<string> ResolveAsync(string? explicitPath, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var requested = string.IsNullOrWhiteSpace(explicitPath) ? Environment.GetEnvironmentVariable(ModelVariable) : explicitPath;
        if (!string.IsNullOrWhiteSpace(requested))
        {
            var full = Path.GetFullPath(requested);
            return File.Exists(full)
                ? full
                : throw new ModelNotAvailableException($"Model file '{full}' does not exist. Pass a GGUF file with --model PATH or {ModelVariable}.");
        }

        if (File.Exists(DefaultModelPath) && await HashAsync(DefaultModelPath, cancellationToken) == DefaultModel.Sha256)
        {
            return DefaultModelPath;
        }

        await DownloadDefaultAsync(progress, cancellationToken);
        return DefaultModelPath;
    }

    private async Task DownloadDefaultAsync(IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(CacheDirectory);
        var partial = DefaultModelPath + ".partial";
        try
        {
            using var response = await http.GetAsync(_downloadUri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            var total = response.Content.Headers.ContentLength ?? DefaultModel.Bytes;
            await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken))
            await using (var target = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                long done = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    done += read;
                    progress?.Report(new DownloadProgress(done, total));
                }

                await target.FlushAsync(cancellationToken);
            }

            var hash = await HashAsync(partial, cancellationToken);
            if (hash != DefaultModel.Sha256)
            {
                throw new ModelNotAvailableException(
                    $"The downloaded {DefaultModel.FileName} has sha256 {hash}, expected {DefaultModel.Sha256}; it was discarded. " +
                    $"Pass a GGUF file with --model PATH or {ModelVariable}.");
            }

            File.Move(partial, DefaultModelPath, overwrite: true);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ModelNotAvailableException(
                $"Could not download the default model from {_downloadUri} ({ex.Message}). " +
                $"Pass a GGUF file with --model PATH or set {ModelVariable}, or place {DefaultModel.FileName} " +
                $"(sha256 {DefaultModel.Sha256}) in {CacheDirectory}.",
                ex);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }

    private static async Task<string> HashAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }
}
