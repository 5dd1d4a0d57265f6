using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Optimus.Inference.Models;
using Optimus.Testing;

namespace Optimus.Inference.Tests;

/// <summary>The first-use download, against a local HTTP server standing in for the model hub (tests never use the network).</summary>
public sealed class ModelStoreTests : IAsyncLifetime
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));
    private WebApplication _server = null!;
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/good.gguf", () => Results.File(TestPaths.StoriesModel, "application/octet-stream"));
        _server.MapGet("/corrupt.gguf", () => Results.Bytes(new byte[4096], "application/octet-stream"));
        await _server.StartAsync();
        _base = new Uri(_server.Urls.First());
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, true);
        }
    }

    [Fact]
    public async Task ResolveAsync_NothingCached_DownloadsVerifiesAndCachesWithProgress()
    {
        using var http = new HttpClient();
        var store = new ModelStore(http, _cache, new Uri(_base, "good.gguf"));
        var progress = new List<DownloadProgress>();

        var path = await store.ResolveAsync(null, new SyncProgress(progress.Add), CancellationToken.None);

        Assert.Equal(store.DefaultModelPath, path);
        Assert.Equal(File.ReadAllBytes(TestPaths.StoriesModel), File.ReadAllBytes(path));
        Assert.Equal(1.0, progress[^1].Fraction);
        // Second call: served from the cache, even with the server gone.
        var offline = new ModelStore(http, _cache, new Uri("http://127.0.0.1:9/unreachable"));
        Assert.Equal(path, await offline.ResolveAsync(null, null, CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_CorruptDownload_IsDiscardedWithAClearMessage()
    {
        using var http = new HttpClient();
        var store = new ModelStore(http, _cache, new Uri(_base, "corrupt.gguf"));

        var ex = await Assert.ThrowsAsync<ModelNotAvailableException>(() => store.ResolveAsync(null, null, CancellationToken.None));

        Assert.Contains("sha256", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--model", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(store.DefaultModelPath));
        Assert.Empty(Directory.GetFiles(_cache));
    }

    [Fact]
    public async Task ResolveAsync_Unreachable_SaysHowToPassAModel()
    {
        using var http = new HttpClient();
        var store = new ModelStore(http, _cache, new Uri("http://127.0.0.1:9/stories260K.gguf"));

        var ex = await Assert.ThrowsAsync<ModelNotAvailableException>(() => store.ResolveAsync(null, null, CancellationToken.None));

        Assert.Contains("--model PATH", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ModelStore.ModelVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_ExplicitMissingPath_FailsNamingThePath()
    {
        using var http = new HttpClient();
        var store = new ModelStore(http, _cache);

        var ex = await Assert.ThrowsAsync<ModelNotAvailableException>(() => store.ResolveAsync("/no/such/model.gguf", null, CancellationToken.None));

        Assert.Contains("/no/such/model.gguf", ex.Message, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
