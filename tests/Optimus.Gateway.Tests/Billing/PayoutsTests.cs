using Optimus.Core.Billing;
using Optimus.Core.Economics;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Billing;
using Optimus.Ledger;

namespace Optimus.Gateway.Tests.Billing;

public sealed class PayoutsTests : IAsyncLifetime
{
    private OwnerBooks _books = null!;

    public async Task InitializeAsync() => _books = await OwnerBooks.CreateAsync();

    public async Task DisposeAsync() => await _books.DisposeAsync();

    [Fact]
    public async Task SameBatchTwice_PaysOnceAndAnswersTheSame()
    {
        _books.Owners.Create("alice");
        await _books.EarnAsync("alice", 12_345_678_901, "a");

        var first = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("2026-11");
        var second = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("2026-11");

        var paid = Assert.Single(first.Payouts);
        Assert.Equal(new PayoutLine("alice", PayoutForm.Cash, 1234, 12_340_000_000), paid);
        Assert.Equal(first.Payouts, second.Payouts);
        Assert.Equal(first.Completed, second.Completed);
        Assert.Equal(5_678_901, await _books.BalanceAsync("alice"));
        var payouts = await _books.Ledger.GetAccountsAsync([LedgerAccounts.PayoutAccount("cash").Id]);
        Assert.Equal(12_340_000_000, Assert.Single(payouts).CreditsPosted);
    }

    [Fact]
    public async Task CompletedBatch_RunAgainAfterMoreEarnings_PaysNobodyNew()
    {
        _books.Owners.Create("alice");
        _books.Owners.Create("bob");
        await _books.EarnAsync("alice", 5 * NanoDollars.PerDollar, "a1");
        var first = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("b1");
        await _books.EarnAsync("alice", 3 * NanoDollars.PerDollar, "a2");
        await _books.EarnAsync("bob", 3 * NanoDollars.PerDollar, "b1");

        var rerun = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("b1");
        var next = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("b2");

        Assert.Equal(first.Payouts, rerun.Payouts);
        Assert.Equal(["alice", "bob"], next.Payouts.Select(p => p.Owner));
        Assert.Equal(0, await _books.BalanceAsync("alice"));
        Assert.Equal(0, await _books.BalanceAsync("bob"));
    }

    [Fact]
    public async Task FsdMonths_PaysWholeMonthsAndKeepsTheRemainder()
    {
        _books.Owners.Create("alice", payoutForm: PayoutForm.FsdMonths);
        var earned = 250 * NanoDollars.PerDollar + 17;
        await _books.EarnAsync("alice", earned, "a");

        var batch = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("b1");

        var paid = Assert.Single(batch.Payouts);
        Assert.Equal(PayoutForm.FsdMonths, paid.Form);
        Assert.Equal(2, paid.Units);
        Assert.Equal(198 * NanoDollars.PerDollar, paid.AmountNanoDollars);
        Assert.Equal(earned - paid.AmountNanoDollars, await _books.BalanceAsync("alice"));
        var account = Assert.Single(await _books.Ledger.GetAccountsAsync([LedgerAccounts.PayoutAccount(PayoutForms.Name(PayoutForm.FsdMonths)).Id]));
        Assert.Equal(paid.AmountNanoDollars, account.CreditsPosted);
    }

    [Theory]
    [InlineData(PayoutForm.FsdMonths, 98_990_000_000)] // less than one $99 month
    [InlineData(PayoutForm.Cash, 990_000_000)]         // 99 cents: below the $1 cash minimum
    public async Task BelowOneUnit_PaysNothingAndKeepsItAll(PayoutForm form, long earned)
    {
        _books.Owners.Create("alice", payoutForm: form);
        await _books.EarnAsync("alice", earned, "a");

        var batch = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("b1");

        Assert.Empty(batch.Payouts);
        Assert.NotNull(batch.Completed);
        Assert.Equal(earned, await _books.BalanceAsync("alice"));
    }

    [Fact]
    public async Task PayoutForm_ChangedByTheOwner_NextBatchPaysInTheNewForm()
    {
        _books.Owners.Create("alice");
        _books.Owners.SetPayoutForm("alice", PayoutForms.Parse("robotaxi"));
        await _books.EarnAsync("alice", 3_500_000_000, "a");

        var batch = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("b1");

        Assert.Equal(new PayoutLine("alice", PayoutForm.RobotaxiCredits, 3, 3_000_000_000), Assert.Single(batch.Payouts));
        Assert.Equal(500_000_000, await _books.BalanceAsync("alice"));
    }

    [Fact]
    public async Task BatchInterruptedAfterTheLedgerPosted_RerunRecordsWhatWasPaidWithoutPayingAgain()
    {
        _books.Owners.Create("alice");
        await _books.EarnAsync("alice", 7 * NanoDollars.PerDollar, "a");
        // The payout transfer is in the ledger but the run stopped before recording it or completing the batch.
        var cash = LedgerAccounts.PayoutAccount("cash");
        await _books.Ledger.CreateAccountsAsync([cash]);
        await _books.Ledger.CreateTransfersAsync([new Transfer(LedgerAccounts.TransferId("payout", "b1/alice"), LedgerAccounts.OwnerAccount("alice").Id, cash.Id,
            6 * NanoDollars.PerDollar, LedgerAccounts.Usd, LedgerAccounts.PayoutCode)]);

        var batch = await new Payouts(_books.Ledger, _books.Owners).CreateBatchAsync("b1");

        Assert.Equal(new PayoutLine("alice", PayoutForm.Cash, 600, 6 * NanoDollars.PerDollar), Assert.Single(batch.Payouts));
        Assert.Equal(NanoDollars.PerDollar, await _books.BalanceAsync("alice"));
    }
}
