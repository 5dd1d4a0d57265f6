namespace Optimus.Ledger.Tests;

public abstract partial class LedgerStoreConformanceTests
{
    [Fact]
    public async Task CreateTransfers_Valid_OkBalancesMoveAndTransferStored()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2));
        Time.Advance(TimeSpan.FromSeconds(5));

        var results = await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 1_234)]);

        Assert.Equal([CreateTransferResult.Ok], results);
        await AssertBalanceAsync(1, 1_234, 0);
        await AssertBalanceAsync(2, 0, 1_234);
        var stored = Assert.Single(await Store.GetTransfersAsync([10]));
        Assert.True(stored.SameFieldsAs(NewTransfer(10, 1, 2, 1_234)));
        Assert.Equal(Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000, stored.Timestamp);
    }

    [Fact]
    public async Task CreateTransfers_RepeatedIdSameContent_ExistsAndNoSecondEffect()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2));
        await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 100)]);

        var results = await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 100)]);

        Assert.Equal([CreateTransferResult.Exists], results);
        await AssertBalanceAsync(1, 100, 0);
        await AssertBalanceAsync(2, 0, 100);
    }

    [Fact]
    public async Task CreateTransfers_RepeatedIdDifferentContent_ExistsWithDifferentFieldsAndNoEffect()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2), NewAccount(3));
        await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 100)]);

        var results = await Store.CreateTransfersAsync([
            NewTransfer(10, 1, 2, 101),
            NewTransfer(10, 1, 3, 100),
            NewTransfer(10, 2, 1, 100),
            NewTransfer(10, 1, 2, 100) with { Code = 2 },
            NewTransfer(10, 1, 2, 100) with { UserData = 99 },
        ]);

        Assert.All(results, r => Assert.Equal(CreateTransferResult.ExistsWithDifferentFields, r));
        Assert.Equal(5, results.Count);
        await AssertBalanceAsync(1, 100, 0);
        await AssertBalanceAsync(2, 0, 100);
        await AssertBalanceAsync(3, 0, 0);
    }

    [Fact]
    public async Task CreateTransfers_MixedBatch_PerItemResultsLaterItemsSeeEarlierOnes()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2, AccountFlags.DebitsMustNotExceedCredits));

        // Batches are per item, not all-or-nothing: rejected items change nothing, the others are posted, and each item
        // is judged after the items before it (2 can spend what it was credited earlier in the same batch).
        var results = await Store.CreateTransfersAsync([
            NewTransfer(10, 2, 1, 50),
            NewTransfer(11, 1, 2, 80),
            NewTransfer(12, 1, 99, 5),
            NewTransfer(13, 2, 1, 50),
            NewTransfer(11, 1, 2, 80),
            NewTransfer(14, 2, 1, 31),
        ]);

        Assert.Equal([
            CreateTransferResult.ExceedsCredits, CreateTransferResult.Ok, CreateTransferResult.CreditAccountNotFound,
            CreateTransferResult.Ok, CreateTransferResult.Exists, CreateTransferResult.ExceedsCredits,
        ], results);
        await AssertBalanceAsync(1, 80, 50);
        await AssertBalanceAsync(2, 50, 80);
        Assert.Equal([(UInt128)11, 13], (await Store.GetTransfersAsync([10, 11, 12, 13, 14])).Select(t => t.Id));
    }

    [Fact]
    public async Task CreateTransfers_EmptyBatch_NoResults()
    {
        Assert.Empty(await Store.CreateTransfersAsync([]));
        Assert.Empty(await Store.CreateAccountsAsync([]));
    }

    [Fact]
    public async Task GetAccountTransfers_SeveralTransfers_HistoryOldestFirstOnlyThisAccount()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2), NewAccount(3));
        await Store.CreateTransfersAsync([NewTransfer(30, 1, 2, 1)]);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.CreateTransfersAsync([NewTransfer(20, 2, 3, 2), NewTransfer(10, 3, 1, 3)]);
        Time.Advance(TimeSpan.FromSeconds(1));
        await Store.CreateTransfersAsync([NewTransfer(5, 3, 2, 4)]);

        var history = await Store.GetAccountTransfersAsync(1);

        Assert.Equal([(UInt128)30, 10], history.Select(t => t.Id));
        Assert.Equal([(UInt128)30, 20, 5], (await Store.GetAccountTransfersAsync(2)).Select(t => t.Id));
        Assert.Empty(await Store.GetAccountTransfersAsync(42));
    }

    [Fact]
    public async Task GetTransfers_MissingIds_LeftOut()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2));
        await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 1)]);

        Assert.Equal([(UInt128)10], (await Store.GetTransfersAsync([9, 10, 11])).Select(t => t.Id));
        Assert.Empty(await Store.GetAccountsAsync([3]));
    }

    [Fact]
    public async Task CreateTransfers_AfterReopen_ExistsAndBalancesKept()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2));
        Assert.Equal([CreateTransferResult.Ok], await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 7)]));

        await ReopenAsync();

        Assert.Equal([CreateTransferResult.Exists], await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 7)]));
        Assert.Equal([CreateTransferResult.ExistsWithDifferentFields], await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 8)]));
        await AssertBalanceAsync(1, 7, 0);
        await AssertBalanceAsync(2, 0, 7);
    }
}
