using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Storage;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>
/// API keys against a running gateway (authentication on, as `optimus up` runs by default): who may call what, that one
/// customer never sees another's usage, files or batches, and that keys made or revoked by the `optimus keys` command
/// in another process take effect on the very next request.
/// </summary>
public sealed class AccountsTests : RunningGateway
{
    public AccountsTests()
        : base(new UpOptions { Vehicles = 1, Echo = true })
    {
    }


    [Fact]
    public async Task Requests_MissingUnknownOrWrongRoleKey_401Or403OpenAIShaped()
    {
        using var anonymous = new HttpClient { BaseAddress = Up.ApiUrl };
        using var missing = await anonymous.PostAsync("v1/chat/completions", TestRequests.Chat(2));
        using var unknown = await Client("sk-opt-notarealkey0000000000000000000000000000").PostAsync("v1/chat/completions", TestRequests.Chat(2));
        using var adminOnV1 = await Client(Up.AdminKey!).GetAsync("v1/models");
        using var customerOnAdmin = await Client(Up.DemoKey!).GetAsync("admin/keys");
        using var health = await anonymous.GetAsync("health");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("invalid_api_key", await ErrorCodeAsync(missing));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminOnV1.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customerOnAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task AuthorizationMatrix_KeyBNeverSeesKeyAsUsageFilesOrBatches()
    {
        var store = Up.App.Services.GetRequiredService<KeyRing>().Store;
        var a = Client(store.Create("alice-key", KeyRole.Customer, "alice", KeyLimits.None).Secret);
        var b = Client(store.Create("bob-key", KeyRole.Customer, "bob", KeyLimits.None).Secret);
        using (var served = await a.PostAsync("v1/chat/completions", TestRequests.Chat(3)))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        var fileId = await UploadAsync(a);
        using var created = await a.PostAsJsonAsync("v1/batches", new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h" });
        var batchId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();

        using var file = await b.GetAsync($"v1/files/{fileId}");
        using var content = await b.GetAsync($"v1/files/{fileId}/content");
        using var batch = await b.GetAsync($"v1/batches/{batchId}");
        using var cancel = await b.PostAsync($"v1/batches/{batchId}/cancel", null);
        using var batchFromB = await b.PostAsJsonAsync("v1/batches", new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h" });
        var bList = JsonDocument.Parse(await b.GetStringAsync("v1/batches")).RootElement.GetProperty("data");
        var aList = JsonDocument.Parse(await a.GetStringAsync("v1/batches")).RootElement.GetProperty("data");
        var aUsage = JsonDocument.Parse(await a.GetStringAsync("v1/usage")).RootElement;
        var bUsage = JsonDocument.Parse(await b.GetStringAsync("v1/usage")).RootElement;

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.All([file, content, batch, cancel, batchFromB], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(0, bList.GetArrayLength());
        Assert.Equal(batchId, Assert.Single(aList.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("alice-key", aUsage.GetProperty("key").GetString());
        Assert.True(aUsage.GetProperty("requests").GetInt64() >= 1);
        Assert.True(aUsage.GetProperty("charge_nanodollars").GetInt64() > 0);
        Assert.Equal("bob-key", bUsage.GetProperty("key").GetString());
        Assert.Equal(0, bUsage.GetProperty("requests").GetInt64());
        Assert.Equal(0, bUsage.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task KeysCommand_CreateWhileUpRuns_PrintsOnlyTheKeyWhichWorksAndRevokeFailsItAtOnce()
    {
        var (exit, stdout, stderr) = await RunCliAsync("keys", "create", "--name", "scripted", "--data", Data);
        Assert.True(exit == 0, stderr);
        var key = stdout.Trim();
        Assert.StartsWith(ApiKeySecrets.Start, key, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', key);
        var client = Client(key);
        using (var before = await client.PostAsync("v1/chat/completions", TestRequests.Chat(2)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var revoked = await RunCliAsync("keys", "revoke", "--name", "scripted", "--data", Data);
        using var after = await client.PostAsync("v1/chat/completions", TestRequests.Chat(2));
        var again = await RunCliAsync("keys", "revoke", "--name", "scripted", "--data", Data);
        var list = await RunCliAsync("keys", "list", "--data", Data);

        Assert.Equal(0, revoked.Exit);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(1, again.Exit);
        Assert.Contains("No active key named 'scripted'", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("scripted", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Stdout, StringComparison.Ordinal); // only the prefix is ever shown again
    }

    [Fact]
    public async Task KeysCommand_DuplicateName_HelpfulErrorAndExit1()
    {
        var first = await RunCliAsync("keys", "create", "--name", "twice", "--data", Data);
        var second = await RunCliAsync("keys", "create", "--name", "twice", "--data", Data);

        Assert.Equal(0, first.Exit);
        Assert.Equal(1, second.Exit);
        Assert.Contains("already exists", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, second.Stdout);
    }

    [Fact]
    public async Task Journal_FencedAndMovedAttempts_RecordedButNeverBilled()
    {
        var journal = Up.App.Services.GetRequiredService<JobJournal>();
        var usage = Up.App.Services.GetRequiredService<UsageStore>();
        var now = DateTimeOffset.UtcNow;
        var record = new JobRecord("job-fenced", "chat", "optimus-edge", "v2", 1, 3, 10, 20, "served", "stop", null, now, 5)
        {
            Customer = "carol",
            KeyName = "carol-key",
            ChargeNanoDollars = 4500,
            Usage =
            [
                new(1, "v1", 1, 200, now, 1_000_000, 5, Gateway.Devices.AttemptOutcome.Fenced),
                new(2, "v3", 1, 200, now, 500_000, 0, Gateway.Devices.AttemptOutcome.Abandoned),
                new(3, "v2", 1, 200, now, 2_000_000, 15, Gateway.Devices.AttemptOutcome.Served),
            ],
        };

        journal.RecordJob(record);
        journal.RecordJob(record with { ChargeNanoDollars = 9999 }); // a retry of the same record changes nothing
        await journal.FlushAsync(CancellationToken.None);
        var (rows, totals) = usage.ForKey("carol-key", Core.Billing.BillingPeriod.Of(now), 10);

        Assert.Equal(3, rows.Count);
        var billed = Assert.Single(rows, r => r.Billed);
        Assert.Equal(("v2", 3, 4500L), (billed.VehicleId, billed.Attempt, billed.ChargeNanoDollars));
        Assert.All(rows.Where(r => !r.Billed), r => Assert.Equal(0, r.ChargeNanoDollars));
        Assert.Equal("fenced", rows.Single(r => r.Attempt == 1).Outcome);
        Assert.Equal(4500, totals.ChargeNanoDollars);
        Assert.Equal(111, rows.Single(r => r.Attempt == 3).MilliWattHours); // 200 W for 2 s = 0.111 Wh
    }

    private static async Task<string> UploadAsync(HttpClient client)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(BatchApiClient.ChatLine("one", "Once upon a time", 2) + "\n")), "file", "in.jsonl" },
        };
        using var response = await client.PostAsync("v1/files", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString();

    private static async Task<(int Exit, string Stdout, string Stderr)> RunCliAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(OptimusProcess.ExecutablePath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
