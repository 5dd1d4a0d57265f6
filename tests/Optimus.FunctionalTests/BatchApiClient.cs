using Optimus.Cli.Up;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Optimus.FunctionalTests;

/// <summary>Raw-HTTP helpers for the Files and Batch APIs, as the OpenAI SDK's protocol-level batch client would call them.</summary>
internal sealed class BatchApiClient(OptimusUp up) : IDisposable
{
    public HttpClient Http { get; } = new() { BaseAddress = up.ApiUrl, Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = up.Authorization } };

    public static string ChatLine(string customId, string prompt, int maxTokens) => JsonSerializer.Serialize(new
    {
        custom_id = customId,
        method = "POST",
        url = "/v1/chat/completions",
        body = ChatBody(prompt, maxTokens),
    });

    public static string CompletionLine(string customId, string prompt, int maxTokens) => JsonSerializer.Serialize(new
    {
        custom_id = customId,
        method = "POST",
        url = "/v1/completions",
        body = new { model = "optimus-edge", temperature = 0, max_tokens = maxTokens, prompt },
    });

    public static object ChatBody(string prompt, int maxTokens) =>
        new { model = "optimus-edge", temperature = 0, max_tokens = maxTokens, messages = new[] { new { role = "user", content = prompt } } };

    public Task<HttpResponseMessage> UploadRawAsync(string jsonl, string purpose = "batch")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(purpose), "purpose" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(jsonl));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "input.jsonl");
        return Http.PostAsync("v1/files", form);
    }

    public async Task<string> UploadAsync(IEnumerable<string> lines)
    {
        using var response = await UploadRawAsync(string.Join('\n', lines) + "\n");
        var json = await ReadAsync(response);
        Assert.Equal("batch", json.GetProperty("purpose").GetString());
        return json.GetProperty("id").GetString()!;
    }

    public Task<HttpResponseMessage> CreateRawAsync(string inputFileId, string endpoint, string window = "24h") =>
        Http.PostAsJsonAsync("v1/batches", new { input_file_id = inputFileId, endpoint, completion_window = window });

    public async Task<JsonElement> CreateAsync(string inputFileId, string endpoint)
    {
        using var response = await CreateRawAsync(inputFileId, endpoint);
        return await ReadAsync(response);
    }

    public async Task<JsonElement> GetAsync(string batchId)
    {
        using var response = await Http.GetAsync($"v1/batches/{batchId}");
        return await ReadAsync(response);
    }

    public async Task<JsonElement> CancelAsync(string batchId)
    {
        using var response = await Http.PostAsync($"v1/batches/{batchId}/cancel", null);
        return await ReadAsync(response);
    }

    /// <summary>Polls the batch until <paramref name="done"/> holds; fails after <paramref name="timeout"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string batchId, Func<JsonElement, bool> done, TimeSpan timeout)
    {
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var batch = await GetAsync(batchId);
            if (done(batch))
            {
                return batch;
            }

            Assert.True(clock.Elapsed < timeout, $"batch {batchId} did not reach the expected state in {timeout}: {batch}");
            await poll.WaitForNextTickAsync();
        }
    }

    public Task<JsonElement> WaitForStatusAsync(string batchId, string status, TimeSpan timeout) =>
        WaitForAsync(batchId, b => b.GetProperty("status").GetString() == status, timeout);

    /// <summary>The lines of a file (output or error) by custom_id; null file id gives none.</summary>
    public async Task<Dictionary<string, JsonElement>> ReadLinesAsync(string? fileId)
    {
        if (fileId is null)
        {
            return [];
        }

        using var response = await Http.GetAsync($"v1/files/{fileId}/content");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(lines.Count, lines.Select(l => l.GetProperty("custom_id").GetString()).Distinct().Count());
        return lines.ToDictionary(l => l.GetProperty("custom_id").GetString()!);
    }

    public static int Count(JsonElement batch, string name) => batch.GetProperty("request_counts").GetProperty(name).GetInt32();

    public static string? FileId(JsonElement batch, string name) => batch.GetProperty(name).GetString();

    public void Dispose() => Http.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
