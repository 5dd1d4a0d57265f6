using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Core.Billing;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Billing;
using Optimus.Ledger;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>
/// Owners against a running gateway: an owner sees only their own vehicles, their statement's earnings are what the
/// ledger credited them, and a policy set through the owner API (opt-out) stops placement on the vehicle within a
/// heartbeat or two, whatever the vehicle's agent reports.
/// </summary>
public sealed class OwnerTests : RunningGateway
{
    private HttpClient _demoOwner = null!;
    private HttpClient _otherOwner = null!;

    public OwnerTests()
        : base(new UpOptions { Vehicles = 2, Echo = true })
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // `optimus up` enrolled its simulated vehicles under demo-owner; another owner has a car of their own.
        var owners = Up.App.Services.GetRequiredService<OwnerStore>();
        owners.Create("other-owner");
        owners.Enrol("other-owner", "other-car");
        var keys = Up.App.Services.GetRequiredService<KeyRing>().Store;
        _demoOwner = Client(keys.Create("demo-owner-key", KeyRole.Owner, OptimusUp.DemoOwner, KeyLimits.None).Secret);
        _otherOwner = Client(keys.Create("other-owner-key", KeyRole.Owner, "other-owner", KeyLimits.None).Secret);
    }

    private string Car(int i) => Up.Fleet.Vehicles[i].Agent.VehicleId;

    [Fact]
    public async Task Owners_SeeOnlyTheirOwnVehiclesAndTheStatementsEarningsAreTheLedgersBalance()
    {
        var customer = Client(Up.DemoKey!);
        for (var i = 0; i < 4; i++)
        {
            using var served = await customer.PostAsync("v1/chat/completions", TestRequests.Chat(8));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        var mine = JsonDocument.Parse(await _demoOwner.GetStringAsync("owner/v1/vehicles")).RootElement.GetProperty("data");
        var theirs = JsonDocument.Parse(await _otherOwner.GetStringAsync("owner/v1/vehicles")).RootElement.GetProperty("data");
        using var peek = await _otherOwner.GetAsync($"owner/v1/vehicles/{Car(0)}");
        using var meddle = await _otherOwner.PutAsJsonAsync($"owner/v1/vehicles/{Car(0)}/policy", new { opted_out = true });
        using var customerOnOwner = await customer.GetAsync("owner/v1/vehicles");
        var period = BillingPeriod.Of(DateTimeOffset.UtcNow);
        var csv = await _demoOwner.GetStringAsync($"owner/v1/statements/{period}.csv");
        var otherCsv = await _otherOwner.GetStringAsync($"owner/v1/statements/{period}.csv");
        var html = await _demoOwner.GetStringAsync($"owner/v1/statements/{period}");
        var balance = JsonDocument.Parse(await _demoOwner.GetStringAsync("owner/v1/balance")).RootElement;
        var ledger = Up.App.Services.GetRequiredService<ILedgerStore>();
        var account = Assert.Single(await ledger.GetAccountsAsync([LedgerAccounts.Id("owner", OptimusUp.DemoOwner)]));

        Assert.Equal(new[] { Car(0), Car(1) }.Order(), mine.EnumerateArray().Select(v => v.GetProperty("id").GetString()).Order());
        Assert.Equal(["other-car"], theirs.EnumerateArray().Select(v => v.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, meddle.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, customerOnOwner.StatusCode);
        var total = Total(csv);
        Assert.Equal(4, total["requests"]);
        Assert.True(total["earnings_nanodollars"] > 0);
        Assert.Equal(LedgerAccounts.Balance(account), total["total_nanodollars"]);
        Assert.Equal(LedgerAccounts.Balance(account), balance.GetProperty("balance_nanodollars").GetInt64());
        Assert.DoesNotContain(Car(0), otherCsv, StringComparison.Ordinal);
        Assert.Equal(0, Total(otherCsv)["total_nanodollars"]);
        Assert.Contains($"<td>{Car(1)}</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptOut_SetThroughTheOwnerApi_StopsPlacementOnTheVehicleWithinAHeartbeatOrTwo()
    {
        var customer = Client(Up.DemoKey!);
        using (var optOut = await _demoOwner.PutAsJsonAsync($"owner/v1/vehicles/{Car(0)}/policy", new { opted_out = true }))
        {
            Assert.Equal(HttpStatusCode.OK, optOut.StatusCode);
            Assert.Equal("owner", JsonDocument.Parse(await optOut.Content.ReadAsStringAsync()).RootElement.GetProperty("policy_source").GetString());
        }

        // The stored policy reaches the vehicle's grain with its next heartbeat; the acknowledged heartbeat drains it, and
        // the fleet summary then counts one vehicle serving. Only then is placement checked.
        await PlacementRulesTests.WaitForServingAsync(customer, 1, TimeSpan.FromSeconds(30));
        var servedBy = new List<string?>();
        for (var i = 0; i < 10; i++)
        {
            using var served = await customer.PostAsync("v1/chat/completions", TestRequests.Chat(4));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            servedBy.Add(served.Headers.GetValues("x-optimus-vehicle").Single());
        }

        using (var optIn = await _demoOwner.PutAsJsonAsync($"owner/v1/vehicles/{Car(0)}/policy", new { opted_out = false }))
        {
            Assert.Equal(HttpStatusCode.OK, optIn.StatusCode);
        }

        Assert.All(servedBy, vehicle => Assert.Equal(Up.PublicName(Car(1)), vehicle));
        await PlacementRulesTests.WaitForServingAsync(customer, 2, TimeSpan.FromSeconds(30));
        var back = false;
        for (var i = 0; i < 60 && !back; i++)
        {
            using var served = await customer.PostAsync("v1/chat/completions", TestRequests.Chat(4));
            back = served.Headers.GetValues("x-optimus-vehicle").Single() == Up.PublicName(Car(0));
        }

        Assert.True(back, $"{Car(0)} never served again after opting back in");
    }

    // The CSV's total row, by column name.
    private static Dictionary<string, long> Total(string csv)
    {
        var rows = csv.TrimEnd('\n').Split('\n').Select(r => r.Split(',')).ToList();
        var total = Assert.Single(rows, r => r[0] == StatementLine.TotalLabel);
        return rows[0].Zip(total).Where(p => long.TryParse(p.Second, out _)).ToDictionary(p => p.First, p => long.Parse(p.Second, System.Globalization.CultureInfo.InvariantCulture));
    }

}
