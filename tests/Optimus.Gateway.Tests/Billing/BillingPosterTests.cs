namespace Optimus.Gateway.Tests.Billing;

public sealed class BillingPosterTests : IAsyncLifetime
{
    private OwnerBooks _books = null!;

    public async Task InitializeAsync()
    {
        _books = await OwnerBooks.CreateAsync();
        _books.Owners.Create("alice");
        _books.Owners.Enrol("alice", "car-a1");
    }

    public async Task DisposeAsync() => await _books.DisposeAsync();

    [Fact]
    public async Task PostPending_ARecordThatCannotBePosted_IsQuarantinedAndTheOthersArePosted()
    {
        var started = DateTimeOffset.UtcNow;
        _books.Record("good-1", 1, "car-a1", billed: true, started, charge: 50_000);
        _books.Record("poisoned", 1, "car-a1", billed: true, started.AddMilliseconds(1), charge: 50_000, milliWattHours: -7);
        _books.Record("good-2", 1, "car-a1", billed: true, started.AddMilliseconds(2), charge: 50_000);

        await _books.Poster.PostPendingAsync(CancellationToken.None);
        var again = await _books.Poster.PostPendingAsync(CancellationToken.None);

        Assert.Equal(0, again); // set aside, not retried in a loop
        Assert.Empty(_books.Usage.Unposted(10));
        var set = Assert.Single(_books.Quarantine.Read());
        Assert.Equal(("billing", true), (set.Source, set.Record.Contains("poisoned", StringComparison.Ordinal)));
        Assert.Contains("milliWattHours", set.Reason, StringComparison.Ordinal);
        Assert.True(await _books.BalanceAsync("alice") > 0); // the good records were paid
    }
}
