using System.Text;

namespace Optimus.Ledger.Tests;

public abstract partial class LedgerStoreConformanceTests
{
    private const int StormSeed = 20261126;

    [Fact]
    public async Task CreateTransfers_RandomStorm_MatchesModelAndDebitsEqualCredits()
    {
        var random = new Random(StormSeed);
        var model = new LedgerModel();
        var ids = Enumerable.Range(1, 12).Select(i => (UInt128)i).ToArray();
        var accounts = ids.Select(id => NewAccount(id, ((int)id % 3) switch
        {
            0 => AccountFlags.DebitsMustNotExceedCredits,
            1 => AccountFlags.CreditsMustNotExceedDebits,
            _ => AccountFlags.None,
        }, ledger: id == 12 ? 978u : Usd)).ToArray();
        await CreateAccountsOkAsync(accounts);
        foreach (var account in accounts)
        {
            model.Add(account);
        }
        var mismatches = new StringBuilder();

        for (var batch = 0; batch < 40; batch++)
        {
            // Ids repeat on purpose (a narrow id range) so that Exists and ExistsWithDifferentFields happen too.
            var transfers = Enumerable.Range(0, 50).Select(_ => NewTransfer(
                (UInt128)random.Next(1, 1_800), ids[random.Next(ids.Length)], ids[random.Next(ids.Length)],
                random.Next(0, 10) == 0 ? 0 : random.Next(1, 1_000))).ToArray();
            var results = await Store.CreateTransfersAsync(transfers);
            for (var i = 0; i < transfers.Length; i++)
            {
                var expected = model.Apply(transfers[i]);
                if (results[i] != expected)
                {
                    mismatches.AppendLine($"batch {batch} item {i} ({transfers[i]}): store {results[i]}, model {expected}");
                }
            }
        }

        var stored = await Store.GetAccountsAsync(ids);
        foreach (var account in stored)
        {
            var expected = model.Accounts[account.Id];
            if ((account.DebitsPosted, account.CreditsPosted) != (expected.DebitsPosted, expected.CreditsPosted))
            {
                mismatches.AppendLine($"account {account.Id}: store {account.DebitsPosted}/{account.CreditsPosted}, model {expected.DebitsPosted}/{expected.CreditsPosted}");
            }
            if (account.Flags.HasFlag(AccountFlags.DebitsMustNotExceedCredits) && account.DebitsPosted > account.CreditsPosted
                || account.Flags.HasFlag(AccountFlags.CreditsMustNotExceedDebits) && account.CreditsPosted > account.DebitsPosted)
            {
                mismatches.AppendLine($"account {account.Id} broke its limit: {account.DebitsPosted}/{account.CreditsPosted}");
            }
        }
        var debits = stored.Sum(a => a.DebitsPosted);
        var credits = stored.Sum(a => a.CreditsPosted);
        Assert.True(mismatches.Length == 0 && debits == credits && debits > 0,
            $"seed {StormSeed}: debits {debits}, credits {credits}\n{mismatches}");
    }

    [Fact]
    public async Task CreateTransfers_SameTransfer50TimesConcurrentlyThenRestartAnd50More_OneEffect()
    {
        await CreateAccountsOkAsync(NewAccount(1), NewAccount(2, AccountFlags.DebitsMustNotExceedCredits));
        var transfer = NewTransfer(new UInt128(0xfeed, 42), 1, 2, 2_500);
        Task<CreateTransferResult[]> Send50Async() => RunTogetherAsync(50, async _ => Assert.Single(await Store.CreateTransfersAsync([transfer])));

        var results = await Send50Async();

        Assert.Equal(1, results.Count(r => r == CreateTransferResult.Ok));
        Assert.Equal(49, results.Count(r => r == CreateTransferResult.Exists));
        await AssertOnlyEffectAsync();

        // A restart in between changes nothing: the same storm again answers Exists every time and moves nothing.
        await ReopenAsync();
        results = await Send50Async();

        Assert.All(results, r => Assert.Equal(CreateTransferResult.Exists, r));
        await AssertOnlyEffectAsync();

        async Task AssertOnlyEffectAsync()
        {
            await AssertBalanceAsync(1, 2_500, 0);
            await AssertBalanceAsync(2, 0, 2_500);
            var stored = Assert.Single(await Store.GetAccountTransfersAsync(1));
            Assert.True(stored.SameFieldsAs(transfer));
            Assert.Equal([stored], await Store.GetAccountTransfersAsync(2));
        }
    }
}
