namespace Optimus.Ledger.Tests;

public abstract partial class LedgerStoreConformanceTests
{
    // Accounts 1 and 2: plain, USD. 3: USD, debits must not exceed credits. 4: USD, credits must not exceed debits.
    // 5: EUR. Every case below is sent after 1 and 2 have each moved 100, so limits are tested on non-zero balances.
    public static TheoryData<string> RejectionCases => new(
        nameof(CreateTransferResult.IdMustNotBeZero), nameof(CreateTransferResult.AccountsMustBeDifferent),
        nameof(CreateTransferResult.AmountMustNotBeZero), nameof(CreateTransferResult.AmountMustNotBeNegative),
        nameof(CreateTransferResult.LedgerMustNotBeZero), nameof(CreateTransferResult.DebitAccountNotFound),
        nameof(CreateTransferResult.CreditAccountNotFound), nameof(CreateTransferResult.AccountsMustHaveTheSameLedger),
        nameof(CreateTransferResult.TransferMustHaveTheSameLedgerAsAccounts), nameof(CreateTransferResult.ExceedsCredits),
        nameof(CreateTransferResult.ExceedsDebits), nameof(CreateTransferResult.OverflowsDebits),
        nameof(CreateTransferResult.OverflowsCredits));

    [Theory]
    [MemberData(nameof(RejectionCases))]
    public async Task CreateTransfers_InvalidTransfer_RejectedWithCodeAndNothingChanges(string code)
    {
        const uint eur = 978;
        await CreateAccountsOkAsync(
            NewAccount(1), NewAccount(2), NewAccount(3, AccountFlags.DebitsMustNotExceedCredits),
            NewAccount(4, AccountFlags.CreditsMustNotExceedDebits), NewAccount(5, ledger: eur));
        Assert.Equal(
            [CreateTransferResult.Ok, CreateTransferResult.Ok, CreateTransferResult.Ok],
            await Store.CreateTransfersAsync([NewTransfer(1001, 1, 2, 100), NewTransfer(1002, 2, 3, 100), NewTransfer(1003, 4, 1, 100)]));
        var before = await Store.GetAccountsAsync([1, 2, 3, 4, 5]);
        var expected = Enum.Parse<CreateTransferResult>(code);
        var transfer = expected switch
        {
            CreateTransferResult.IdMustNotBeZero => NewTransfer(0, 1, 2, 1),
            CreateTransferResult.AccountsMustBeDifferent => NewTransfer(10, 1, 1, 1),
            CreateTransferResult.AmountMustNotBeZero => NewTransfer(10, 1, 2, 0),
            CreateTransferResult.AmountMustNotBeNegative => NewTransfer(10, 1, 2, -5),
            CreateTransferResult.LedgerMustNotBeZero => NewTransfer(10, 1, 2, 1, ledger: 0),
            CreateTransferResult.DebitAccountNotFound => NewTransfer(10, 99, 2, 1),
            CreateTransferResult.CreditAccountNotFound => NewTransfer(10, 1, 99, 1),
            CreateTransferResult.AccountsMustHaveTheSameLedger => NewTransfer(10, 1, 5, 1),
            CreateTransferResult.TransferMustHaveTheSameLedgerAsAccounts => NewTransfer(10, 1, 2, 1, ledger: eur),
            CreateTransferResult.ExceedsCredits => NewTransfer(10, 3, 1, 101),
            CreateTransferResult.ExceedsDebits => NewTransfer(10, 2, 4, 101),
            CreateTransferResult.OverflowsDebits => NewTransfer(10, 1, 2, long.MaxValue - 99),
            CreateTransferResult.OverflowsCredits => NewTransfer(10, 3, 2, long.MaxValue - 99),
            _ => throw new ArgumentOutOfRangeException(nameof(code), code, "no case"),
        };

        var results = await Store.CreateTransfersAsync([transfer]);

        Assert.Equal([expected], results);
        Assert.Equal(before, await Store.GetAccountsAsync([1, 2, 3, 4, 5]));
        Assert.Empty(await Store.GetTransfersAsync([10]));
    }

    [Fact]
    public async Task CreateTransfers_LimitExactlyReached_OkThenOneMoreExceedsCredits()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2, AccountFlags.DebitsMustNotExceedCredits));
        await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 500)]);

        Assert.Equal([CreateTransferResult.Ok], await Store.CreateTransfersAsync([NewTransfer(11, 2, 1, 500)]));
        Assert.Equal([CreateTransferResult.ExceedsCredits], await Store.CreateTransfersAsync([NewTransfer(12, 2, 1, 1)]));
        await AssertBalanceAsync(2, 500, 500);
    }

    [Fact]
    public async Task CreateTransfers_ConcurrentSpendsFromLimitedAccount_NeverOverdrawn()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2, AccountFlags.DebitsMustNotExceedCredits), NewAccount(3));
        await Store.CreateTransfersAsync([NewTransfer(10, 1, 2, 1_000)]);

        // 40 spends of 100 race for a balance of 1,000: exactly 10 may win, whatever the interleaving.
        var results = await RunTogetherAsync(40, async i => (await Store.CreateTransfersAsync([NewTransfer(100 + (UInt128)i, 2, 3, 100)]))[0]);

        Assert.Equal(10, results.Count(r => r == CreateTransferResult.Ok));
        Assert.Equal(30, results.Count(r => r == CreateTransferResult.ExceedsCredits));
        await AssertBalanceAsync(2, 1_000, 1_000);
        await AssertBalanceAsync(3, 0, 1_000);
    }
}
