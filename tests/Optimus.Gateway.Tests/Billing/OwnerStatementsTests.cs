using Optimus.Core.Billing;
using Optimus.Gateway.Billing;
using Optimus.Ledger;

namespace Optimus.Gateway.Tests.Billing;

public sealed class OwnerStatementsTests : IAsyncLifetime
{
    private static readonly BillingPeriod November = new(2026, 11);
    private static readonly DateTimeOffset InNovember = new(2026, 11, 10, 12, 0, 0, TimeSpan.Zero);
    private OwnerBooks _books = null!;

    public async Task InitializeAsync()
    {
        _books = await OwnerBooks.CreateAsync();
        _books.Owners.Create("alice", Tariff.Parse("0.15 peak=0.40@16-21"), "America/Los_Angeles");
        _books.Owners.Create("bob");
        _books.Owners.Enrol("alice", "car-a1");
        _books.Owners.Enrol("alice", "car-a2");
        _books.Owners.Enrol("bob", "car-b1");
    }

    public async Task DisposeAsync() => await _books.DisposeAsync();

    [Fact]
    public async Task Statement_PerVehicleAndTotal_ReconcileToTheLedgerToTheNanodollar()
    {
        _books.Record("job-1", 1, "car-a1", billed: true, InNovember, charge: 123_457, milliWattHours: 333);
        _books.Record("job-2", 1, "car-a1", billed: false, InNovember.AddMinutes(1), charge: 0, deviceMicroseconds: 700_000); // a lost hedge
        _books.Record("job-2", 2, "car-a2", billed: true, InNovember.AddMinutes(1), charge: 98_765, milliWattHours: 41);
        _books.Record("job-3", 1, "car-a2", billed: true, InNovember.AddHours(5), charge: 55_555, milliWattHours: 7); // at the peak price in LA
        _books.Record("job-4", 1, "car-b1", billed: true, InNovember, charge: 77_777);
        _books.Record("job-5", 1, "car-a1", billed: true, new DateTimeOffset(2026, 10, 31, 23, 59, 0, TimeSpan.Zero), charge: 10_000); // October
        Assert.Equal(5, await _books.Poster.PostPendingAsync(CancellationToken.None));

        var statement = await _books.Statements.ForAsync("alice", November);

        var credits = (await _books.Ledger.GetAccountTransfersAsync(LedgerAccounts.OwnerAccount("alice").Id))
            .Where(t => t.Code is LedgerAccounts.OwnerShareCode or LedgerAccounts.EnergyCode).ToList();
        var october = await _books.Statements.ForAsync("alice", November.Previous());
        Assert.Equal(["car-a1", "car-a2"], statement.Vehicles.Select(v => v.VehicleId));
        Assert.Equal(3, statement.Total.Requests);
        Assert.Equal(credits.Sum(t => t.Amount), statement.Total.TotalNanoDollars + october.Total.TotalNanoDollars);
        Assert.Equal(await _books.BalanceAsync("alice"), statement.Total.TotalNanoDollars + october.Total.TotalNanoDollars);
        Assert.Equal(credits.Where(t => t.Code == LedgerAccounts.EnergyCode).Sum(t => t.Amount), statement.Total.EnergyNanoDollars + october.Total.EnergyNanoDollars);
        Assert.True(statement.Total.EarningsNanoDollars > 0);
        Assert.True(statement.Total.EnergyNanoDollars > 0);

        var a1 = statement.Vehicles[0];
        Assert.Equal(1, a1.Requests);
        Assert.Equal(2_000_000, a1.ServedMicroseconds);
        Assert.Equal(700_000, a1.UnpaidMicroseconds);
        Assert.Equal(333, a1.MilliWattHours);
        Assert.Equal(10, a1.PromptTokens);
        var a2 = statement.Vehicles[1];
        Assert.Equal(2, a2.Requests);
        Assert.Equal(48, a2.MilliWattHours);
        Assert.Equal(statement.Total.TotalNanoDollars, a1.TotalNanoDollars + a2.TotalNanoDollars);
        Assert.Equal(1, october.Total.Requests);
    }

    [Fact]
    public async Task Statement_RecordNotYetPosted_CountsAsPendingWithNoMoney()
    {
        _books.Record("job-1", 1, "car-a1", billed: true, InNovember, charge: 50_000);

        var before = await _books.Statements.ForAsync("alice", November);
        await _books.Poster.PostPendingAsync(CancellationToken.None);
        var after = await _books.Statements.ForAsync("alice", November);

        Assert.Equal(1, before.Total.PendingRequests);
        Assert.Equal(0, before.Total.Requests);
        Assert.Equal(0, before.Total.TotalNanoDollars);
        Assert.Equal(0, after.Total.PendingRequests);
        Assert.Equal(await _books.BalanceAsync("alice"), after.Total.TotalNanoDollars);
    }

    [Fact]
    public async Task Statement_OtherOwnersVehicles_AreNotInIt()
    {
        var bob = await ServeOneAsync("car-b1", 50_000, "bob");

        var alice = await _books.Statements.ForAsync("alice", November);

        Assert.Equal(0, alice.Total.Requests);
        Assert.Equal("car-b1", Assert.Single(bob.Vehicles).VehicleId);
        Assert.Equal(await _books.BalanceAsync("bob"), bob.Total.TotalNanoDollars);
    }

    [Fact]
    public async Task Csv_HasARowPerVehicleAndATotal_WithExactNanodollars()
    {
        var statement = await ServeOneAsync("car-a1", 123_457, "alice");

        var rows = StatementFormats.ToCsv(statement).TrimEnd('\n').Split('\n').Select(l => l.Split(',')).ToList();
        var html = StatementFormats.ToHtml(statement);

        Assert.Equal(4, rows.Count);
        Assert.Equal(["car-a1", "car-a2", "total"], rows.Skip(1).Select(r => r[0]));
        var total = Array.IndexOf(rows[0], "total_nanodollars");
        Assert.Equal(statement.Total.TotalNanoDollars.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[3][total]);
        Assert.Equal(rows[1][total], rows[3][total]);
        Assert.Contains("<td>car-a2</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    // One billed request on the vehicle, posted; the owner's statement for November.
    private async Task<OwnerStatement> ServeOneAsync(string vehicle, long charge, string owner)
    {
        _books.Record("job-1", 1, vehicle, billed: true, InNovember, charge);
        await _books.Poster.PostPendingAsync(CancellationToken.None);
        return await _books.Statements.ForAsync(owner, November);
    }
}
