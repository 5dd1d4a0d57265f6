using Optimus.Cli.Terminal;
using Optimus.Inference.Models;

namespace Optimus.Cli;

/// <summary>Resolves --model for the commands: a path, OPTIMUS_MODEL, or the cached default (downloaded with a progress bar).</summary>
internal static class ModelResolver
{
    public static async Task<string> ResolveAsync(string? path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var store = new ModelStore(http, ModelStore.UserCacheDirectory(), DownloadOverride());
        return await store.ResolveAsync(path, new ProgressBar($"Downloading {DefaultModel.FileName}"), cancellationToken);
    }

    // OPTIMUS_MODEL_URL points the default-model download at a mirror (and lets tests serve it locally).
    private static Uri? DownloadOverride() =>
        Environment.GetEnvironmentVariable("OPTIMUS_MODEL_URL") is { Length: > 0 } url ? new Uri(url) : null;
}
