using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Batches;

namespace Optimus.FunctionalTests;

/// <summary>The Files API's listing, deletion and storage quota, with files belonging to their customer.</summary>
public sealed class FilesTests() : RunningGateway(new UpOptions { Vehicles = 1, Echo = true })
{
    [Fact]
    public async Task ListAndDelete_OwnFiles_OpenAiShapesAndOthersGet404()
    {
        var store = Up.App.Services.GetRequiredService<KeyRing>().Store;
        using var alice = Client(store.Create("files-alice", KeyRole.Customer, "files-alice", KeyLimits.None).Secret);
        using var bob = Client(store.Create("files-bob", KeyRole.Customer, "files-bob", KeyLimits.None).Secret);
        var first = await UploadAsync(alice);
        var second = await UploadAsync(alice);

        var listed = await ReadAsync(await alice.GetAsync("v1/files"));
        var bobsList = await ReadAsync(await bob.GetAsync("v1/files"));
        using var bobGets = await bob.GetAsync($"v1/files/{first}");
        using var bobDeletes = await bob.DeleteAsync($"v1/files/{first}");
        var deleted = await ReadAsync(await alice.DeleteAsync($"v1/files/{first}"));
        using var goneGet = await alice.GetAsync($"v1/files/{first}");
        using var goneDelete = await alice.DeleteAsync($"v1/files/{first}");
        var after = await ReadAsync(await alice.GetAsync("v1/files?limit=1"));

        Assert.Equal("list", listed.GetProperty("object").GetString());
        Assert.Equal([second, first], listed.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.All(listed.GetProperty("data").EnumerateArray(), f => Assert.Equal("file", f.GetProperty("object").GetString()));
        Assert.Empty(bobsList.GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, bobGets.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobDeletes.StatusCode);
        Assert.Equal((first, "file", true), (deleted.GetProperty("id").GetString(), deleted.GetProperty("object").GetString(), deleted.GetProperty("deleted").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, goneGet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, goneDelete.StatusCode);
        Assert.Equal([second], after.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        Assert.False(after.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public void AddFileWithinQuota_OverBytesOrFiles_IsRefusedAndNothingIsStored()
    {
        var files = Up.App.Services.GetRequiredService<BatchStore>();
        StoredFile File(int bytes) => new("file-" + Guid.NewGuid().ToString("N"), StoredFile.BatchPurpose, "q.jsonl", bytes, DateTimeOffset.UnixEpoch) { Customer = "quota" };

        var (firstStored, _, _) = files.AddFileWithinQuota(File(60), new byte[60], maxBytes: 100, maxFiles: 2);
        var (tooBig, usedBytes, usedFiles) = files.AddFileWithinQuota(File(41), new byte[41], maxBytes: 100, maxFiles: 2);
        var (fits, _, _) = files.AddFileWithinQuota(File(40), new byte[40], maxBytes: 100, maxFiles: 2);
        var (tooMany, _, _) = files.AddFileWithinQuota(File(0), [], maxBytes: 100, maxFiles: 2);

        Assert.Equal((true, false, 60L, 1, true, false), (firstStored, tooBig, usedBytes, usedFiles, fits, tooMany));
        Assert.Equal(2, files.ListFiles("quota", null, null, 10).Files.Count);
    }

    [Fact]
    public async Task Upload_WrongPurposeOrNotMultipart_Returns400NamingTheField()
    {
        using var client = Client(Up.DemoKey!);
        using var json = await client.PostAsync("v1/files", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var form = new MultipartFormDataContent { { new StringContent("fine-tune"), "purpose" }, { new ByteArrayContent([1]), "file", "x.jsonl" } };
        using var purpose = await client.PostAsync("v1/files", form);

        Assert.Equal(("file", "purpose"), ((await ErrorResponseTests.ReadErrorAsync(json)).GetProperty("param").GetString(), (await ErrorResponseTests.ReadErrorAsync(purpose)).GetProperty("param").GetString()));
    }

    private static async Task<string> UploadAsync(HttpClient client)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(BatchApiClient.ChatLine("one", "Once upon a time", 2) + "\n")), "file", "in.jsonl" },
        };
        return (await ReadAsync(await client.PostAsync("v1/files", form))).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
