using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Files;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Gateway.Batches;
using Optimus.Testing;
using Xunit.Abstractions;

namespace Optimus.FunctionalTests;

/// <summary>The Batch API end to end: files, batches, the runner on real vehicles, restart, cancel, expiry, errors.</summary>
public sealed class BatchTests(ITestOutputHelper output)
{
    private const string Chat = "/v1/chat/completions";
    private const string Completions = "/v1/completions";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly string[] Prompts = ["Once upon a time", "The little dog", "Tom and Lily were", "One day, a girl"];

    private static string TempData() => Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Batch_ChatAndCompletionLines_OutputsEqualInteractiveGreedyAnswers()
    {
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 2 }, TempData());
        using var api = new BatchApiClient(up);
        var openai = new OpenAIClient(new ApiKeyCredential(up.DemoKey!), new OpenAIClientOptions { Endpoint = new Uri(up.ApiUrl, "v1") });
        var files = openai.GetOpenAIFileClient();
        var chatLines = Prompts.Select((p, i) => BatchApiClient.ChatLine($"chat-{i}", p, 10 + i)).ToList();
        var tooLong = string.Join(' ', Enumerable.Repeat("Once upon a time there was a cat.", 500));
        var completionLines = Prompts.Select((p, i) => BatchApiClient.CompletionLine($"text-{i}", p, 12)).Append(BatchApiClient.CompletionLine("too-long", tooLong, 8)).ToList();

        // Through the official SDK: upload, create (protocol-level in 2.x), download.
        OpenAIFile chatFile = await files.UploadFileAsync(BinaryData.FromString(string.Join('\n', chatLines)), "chat.jsonl", FileUploadPurpose.Batch);
#pragma warning disable OPENAI001 // the SDK marks its batch client experimental; this test checks wire compatibility with it
        var operation = await openai.GetBatchClient().CreateBatchAsync(
            BinaryContent.Create(BinaryData.FromObjectAsJson(new { input_file_id = chatFile.Id, endpoint = Chat, completion_window = "24h" })),
            waitUntilCompleted: false);
        var chatBatchId = operation.BatchId;
#pragma warning restore OPENAI001
        var textBatch = await api.CreateAsync(await api.UploadAsync(completionLines), Completions);

        var chatDone = await api.WaitForStatusAsync(chatBatchId, "completed", Timeout);
        var textDone = await api.WaitForStatusAsync(textBatch.GetProperty("id").GetString()!, "completed", Timeout);

        Assert.Equal((4, 4, 0), (BatchApiClient.Count(chatDone, "total"), BatchApiClient.Count(chatDone, "completed"), BatchApiClient.Count(chatDone, "failed")));
        Assert.Null(BatchApiClient.FileId(chatDone, "error_file_id"));
        Assert.Equal((5, 4, 1), (BatchApiClient.Count(textDone, "total"), BatchApiClient.Count(textDone, "completed"), BatchApiClient.Count(textDone, "failed")));
        var chatOutput = (await files.DownloadFileAsync(BatchApiClient.FileId(chatDone, "output_file_id"))).Value.ToString();
        var chatResults = chatOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToDictionary(l => l.GetProperty("custom_id").GetString()!);
        var textResults = await api.ReadLinesAsync(BatchApiClient.FileId(textDone, "output_file_id"));
        for (var i = 0; i < Prompts.Length; i++)
        {
            var chat = AssertOk(chatResults[$"chat-{i}"]);
            var interactiveChat = await PostAsync(api, "v1/chat/completions", BatchApiClient.ChatBody(Prompts[i], 10 + i));
            Assert.Equal("chat.completion", chat.GetProperty("object").GetString());
            Assert.Equal(Content(interactiveChat), Content(chat));
            Assert.Equal(interactiveChat.GetProperty("usage").ToString(), chat.GetProperty("usage").ToString());

            var text = AssertOk(textResults[$"text-{i}"]);
            var interactiveText = await PostAsync(api, "v1/completions", new { model = "optimus-edge", temperature = 0, max_tokens = 12, prompt = Prompts[i] });
            Assert.Equal(interactiveText.GetProperty("choices")[0].GetProperty("text").GetString(), text.GetProperty("choices")[0].GetProperty("text").GetString());
        }

        var failed = (await api.ReadLinesAsync(BatchApiClient.FileId(textDone, "error_file_id")))["too-long"];
        Assert.Equal(400, failed.GetProperty("response").GetProperty("status_code").GetInt32());
        Assert.Equal("context_length_exceeded", failed.GetProperty("response").GetProperty("body").GetProperty("error").GetProperty("code").GetString());

        using var list = await api.Http.GetAsync("v1/batches?limit=1");
        var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(textDone.GetProperty("id").GetString(), listed.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.True(listed.GetProperty("has_more").GetBoolean());
        using var cancelDone = await api.Http.PostAsync($"v1/batches/{chatBatchId}/cancel", null);
        Assert.Equal(HttpStatusCode.BadRequest, cancelDone.StatusCode);
    }

    [Fact]
    public async Task Batch_CoordinatorRestartsMidway_ResumesWithNothingLostAndNothingRunTwice()
    {
        var data = TempData();
        var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 2, EmulateTokensPerSecond = 40 }, data);
        var options = up.Options;
        const int Total = 12;
        string batchId;
        using (var api = new BatchApiClient(up))
        {
            var lines = Enumerable.Range(0, Total).Select(i => BatchApiClient.ChatLine($"line-{i}", Prompts[i % Prompts.Length], 16));
            batchId = (await api.CreateAsync(await api.UploadAsync(lines), Chat)).GetProperty("id").GetString()!;
            await api.WaitForAsync(batchId, b => BatchApiClient.Count(b, "completed") >= 2, Timeout);
        }

        await up.DisposeAsync();
        var before = ReadCompleted(data);
        output.WriteLine($"completed before the restart: {before.Count} of {Total}");
        Assert.InRange(before.Count, 2, Total - 1);

        var key = up.DemoKey;
        up = OptimusUp.Build(options, TestPaths.StoriesModel);
        up.DemoKey = key; // keys live in the data folder: the first start's key works after the restart
        var finished = 0;
        foreach (var vehicle in up.Fleet.Vehicles)
        {
            vehicle.Agent.JobEnded += (_, e) =>
            {
                if (e.Outcome == "finished")
                {
                    Interlocked.Increment(ref finished);
                }
            };
        }

        try
        {
            await up.StartAsync(CancellationToken.None);
            using var api = new BatchApiClient(up);
            var done = await api.WaitForStatusAsync(batchId, "completed", Timeout);

            Assert.Equal((Total, Total, 0), (BatchApiClient.Count(done, "total"), BatchApiClient.Count(done, "completed"), BatchApiClient.Count(done, "failed")));
            var results = await api.ReadLinesAsync(BatchApiClient.FileId(done, "output_file_id"));
            Assert.Equal(Enumerable.Range(0, Total).Select(i => $"line-{i}").Order(), results.Keys.Order());
            Assert.All(results.Values, r => AssertOk(r));
            foreach (var (customId, resultId) in before)
            {
                Assert.Equal(resultId, results[customId].GetProperty("id").GetString()); // the answer recorded before the restart
            }

            // Only the lines not recorded before the restart ran after it: each exactly once.
            await api.WaitForAsync(batchId, _ => Volatile.Read(ref finished) >= Total - before.Count, Timeout);
            Assert.Equal(Total - before.Count, Volatile.Read(ref finished));
        }
        finally
        {
            await up.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cancel_BatchInProgress_RunningLineFinishesAndTheRestAreCancelled()
    {
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 1, EmulateTokensPerSecond = 20 }, TempData());
        using var api = new BatchApiClient(up);
        var lines = Enumerable.Range(0, 6).Select(i => BatchApiClient.ChatLine($"line-{i}", Prompts[i % Prompts.Length], 20)).ToList();
        var batchId = (await api.CreateAsync(await api.UploadAsync(lines), Chat)).GetProperty("id").GetString()!;
        await api.WaitForAsync(batchId, b => BatchApiClient.Count(b, "completed") >= 1, Timeout);

        var cancelling = await api.CancelAsync(batchId);
        Assert.Contains(cancelling.GetProperty("status").GetString(), new[] { "cancelling", "cancelled" });
        var cancelled = await api.WaitForStatusAsync(batchId, "cancelled", Timeout);

        var completed = BatchApiClient.Count(cancelled, "completed");
        Assert.InRange(completed, 1, 5);
        Assert.Equal(0, BatchApiClient.Count(cancelled, "failed"));
        Assert.NotEqual(JsonValueKind.Null, cancelled.GetProperty("cancelled_at").ValueKind);
        var outputs = await api.ReadLinesAsync(BatchApiClient.FileId(cancelled, "output_file_id"));
        var errors = await api.ReadLinesAsync(BatchApiClient.FileId(cancelled, "error_file_id"));
        Assert.Equal(completed, outputs.Count);
        Assert.Equal(6 - completed, errors.Count);
        Assert.All(errors.Values, e => Assert.Equal("batch_cancelled", e.GetProperty("error").GetProperty("code").GetString()));
        Assert.All(errors.Values, e => Assert.Equal(JsonValueKind.Null, e.GetProperty("response").ValueKind));
        Assert.Equal("cancelled", (await api.CancelAsync(batchId)).GetProperty("status").GetString()); // idempotent
    }

    [Fact]
    public async Task Expiry_CompletionWindowEndsMidBatch_UnfinishedLinesExpire()
    {
        var data = TempData();
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 1, EmulateTokensPerSecond = 20 }, data);
        using var api = new BatchApiClient(up);
        var lines = Enumerable.Range(0, 5).Select(i => BatchApiClient.ChatLine($"line-{i}", Prompts[i % Prompts.Length], 20)).ToList();
        var batchId = (await api.CreateAsync(await api.UploadAsync(lines), Chat)).GetProperty("id").GetString()!;
        await api.WaitForAsync(batchId, b => BatchApiClient.Count(b, "completed") >= 1, Timeout);

        // The 24 h window, ended now: the runner sees it on its next check.
        Execute(data, "UPDATE batches SET expires_at_ms = 0 WHERE id = $id", batchId);
        var expired = await api.WaitForStatusAsync(batchId, "expired", Timeout);

        var completed = BatchApiClient.Count(expired, "completed");
        Assert.InRange(completed, 1, 4);
        Assert.NotEqual(JsonValueKind.Null, expired.GetProperty("expired_at").ValueKind);
        var errors = await api.ReadLinesAsync(BatchApiClient.FileId(expired, "error_file_id"));
        Assert.Equal(5 - completed, errors.Count);
        Assert.All(errors.Values, e => Assert.Equal("batch_expired", e.GetProperty("error").GetProperty("code").GetString()));
        Assert.Equal(completed, (await api.ReadLinesAsync(BatchApiClient.FileId(expired, "output_file_id"))).Count);
    }

    [Fact]
    public async Task BatchLine_OnlyVehicleServesInteractiveStream_WaitsUntilTheStreamEnds()
    {
        // One vehicle with two dies: a second job would fit beside the stream, but batch work takes only idle vehicles.
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 1, EmulateTokensPerSecond = 20 }, TempData());
        using var api = new BatchApiClient(up);
        var agent = up.Fleet.Vehicles[0].Agent;
        var ended = new List<string>();
        agent.JobEnded += (_, e) =>
        {
            lock (ended)
            {
                ended.Add(e.JobId);
            }
        };
        var runner = up.App.Services.GetRequiredService<BatchRunner>();

        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "optimus-edge", temperature = 0, max_tokens = 100, stream = true, messages = new[] { new { role = "user", content = "Once upon a time" } } }),
        };
        using var stream = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync();
        var interactiveId = JsonDocument.Parse(first!["data: ".Length..]).RootElement.GetProperty("id").GetString()!;
        var waitsBefore = runner.VehicleWaits;

        var batchId = (await api.CreateAsync(await api.UploadAsync([BatchApiClient.ChatLine("short", "The little dog", 4)]), Chat)).GetProperty("id").GetString()!;
        await api.WaitForAsync(batchId, _ => runner.VehicleWaits > waitsBefore, Timeout);
        var waiting = await api.GetAsync(batchId);
        lock (ended)
        {
            Assert.DoesNotContain(interactiveId, ended); // the stream is still being served...
        }

        Assert.Equal(0, BatchApiClient.Count(waiting, "completed")); // ...and the batch line waits for it

        while (await reader.ReadLineAsync() is { } line && line != "data: [DONE]")
        {
        }

        var done = await api.WaitForStatusAsync(batchId, "completed", Timeout);
        Assert.Equal(1, BatchApiClient.Count(done, "completed"));
        var result = AssertOk((await api.ReadLinesAsync(BatchApiClient.FileId(done, "output_file_id")))["short"]);
        lock (ended)
        {
            Assert.Equal([interactiveId, result.GetProperty("id").GetString()!], ended);
        }
    }

    public static TheoryData<string, string> BadLines => new()
    {
        { "{not json", "not valid JSON" },
        { """{"method":"POST","url":"/v1/chat/completions","body":{}}""", "custom_id" },
        { """{"custom_id":"a","method":"GET","url":"/v1/chat/completions","body":{}}""", "method" },
        { """{"custom_id":"b","method":"POST","url":"/v1/embeddings","body":{}}""", "url" },
        { """{"custom_id":"c","method":"POST","url":"/v1/chat/completions","body":{"model":"optimus-edge","max_tokens":"x","messages":[{"role":"user","content":"hi"}]}}""", "body.max_tokens" },
        { """{"custom_id":"d","method":"POST","url":"/v1/chat/completions","body":{"model":"gpt-9","messages":[{"role":"user","content":"hi"}]}}""", "body.model" },
        { """{"custom_id":"e","method":"POST","url":"/v1/chat/completions","body":{"model":"optimus-edge","stream":true,"messages":[{"role":"user","content":"hi"}]}}""", "body.stream" },
        { """{"custom_id":"ok","method":"POST","url":"/v1/chat/completions","body":{"model":"optimus-edge","messages":[{"role":"user","content":"hi"}]}}""", "custom_id" },
    };

    [Fact]
    public async Task Upload_BadLines_Returns400NamingTheLine()
    {
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0 }, TempData());
        using var api = new BatchApiClient(up);
        var good = BatchApiClient.ChatLine("ok", "hi", 4);
        foreach (var (bad, expected) in BadLines.Select(row => ((string)row[0], (string)row[1])))
        {
            // Line 1 is valid, line 2 blank (skipped), line 3 is the bad one.
            using var response = await api.UploadRawAsync($"{good}\n\n{bad}\n");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = await ErrorResponseTests.ReadErrorAsync(response);
            Assert.StartsWith("Line 3 of the file", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains(expected, error.GetProperty("message").GetString() + error.GetProperty("param").GetString(), StringComparison.Ordinal);
        }

        using var empty = await api.UploadRawAsync("\n");
        using var purpose = await api.UploadRawAsync(good, "fine-tune");
        using var notMultipart = await api.Http.PostAsJsonAsync("v1/files", new { purpose = "batch" });
        Assert.Equal("file", (await ErrorResponseTests.ReadErrorAsync(empty)).GetProperty("param").GetString());
        Assert.Equal("purpose", (await ErrorResponseTests.ReadErrorAsync(purpose)).GetProperty("param").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, notMultipart.StatusCode);

        var fileId = await api.UploadAsync([good, BatchApiClient.CompletionLine("text", "hi", 4)]);
        using var window = await api.CreateRawAsync(fileId, Chat, "1h");
        using var endpoint = await api.CreateRawAsync(fileId, "/v1/embeddings");
        using var mixed = await api.CreateRawAsync(fileId, Chat);
        Assert.Equal("completion_window", (await ErrorResponseTests.ReadErrorAsync(window)).GetProperty("param").GetString());
        Assert.Equal("endpoint", (await ErrorResponseTests.ReadErrorAsync(endpoint)).GetProperty("param").GetString());
        Assert.StartsWith("Line 2 of the file", (await ErrorResponseTests.ReadErrorAsync(mixed)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownIds_Return404InOpenAiShape()
    {
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0 }, TempData());
        using var api = new BatchApiClient(up);

        using var file = await api.Http.GetAsync("v1/files/file-nope");
        using var content = await api.Http.GetAsync("v1/files/file-nope/content");
        using var batch = await api.Http.GetAsync("v1/batches/batch_nope");
        using var cancel = await api.Http.PostAsync("v1/batches/batch_nope/cancel", null);
        using var create = await api.CreateRawAsync("file-nope", Chat);

        foreach (var response in new[] { file, content, batch, cancel, create })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("invalid_request_error", (await ErrorResponseTests.ReadErrorAsync(response)).GetProperty("type").GetString());
        }
    }

    private static JsonElement AssertOk(JsonElement line)
    {
        Assert.Equal(JsonValueKind.Null, line.GetProperty("error").ValueKind);
        var response = line.GetProperty("response");
        Assert.Equal(200, response.GetProperty("status_code").GetInt32());
        Assert.StartsWith("batch_req_", line.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Matches("^veh-[0-9a-f]{12}$", response.GetProperty("body").GetProperty("optimus").GetProperty("vehicle").GetString()); // never the vehicle's id
        return response.GetProperty("body");
    }

    private static string? Content(JsonElement completion) => completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

    private static async Task<JsonElement> PostAsync(BatchApiClient api, string path, object body)
    {
        using var response = await api.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    // custom_id → result id of the lines whose answers were committed, read from the store's file.
    private static Dictionary<string, string> ReadCompleted(string data)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "batches.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT custom_id, result_id FROM batch_lines WHERE state = 'completed'";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string>();
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.GetString(1);
        }

        return rows;
    }

    private static void Execute(string data, string sql, string id)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "batches.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
