using Microsoft.Extensions.Time.Testing;

namespace Optimus.Ledger.Tests;

/// <summary>
/// The contract every <see cref="ILedgerStore"/> must meet. Each store has one subclass that says how to open it;
/// every test gets a fresh, empty ledger, and <see cref="ReopenAsync"/> simulates a process restart on the same data.
/// </summary>
public abstract partial class LedgerStoreConformanceTests : IAsyncLifetime
{
    protected const uint Usd = 840;
    protected const ushort Code = 1;

    private ILedgerStore? _store;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    protected ILedgerStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    /// <summary>Opens the store under test on this test's data (the same data each time it is called).</summary>
    protected abstract Task<ILedgerStore> OpenStoreAsync();

    /// <summary>Removes this test's data after the store is closed.</summary>
    protected virtual Task DeleteDataAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await OpenStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        await DeleteDataAsync();
    }

    /// <summary>Closes the store and opens it again on the same data, as a restarted process would.</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        _store = null;
        _store = await OpenStoreAsync();
    }

    protected static Account NewAccount(UInt128 id, AccountFlags flags = AccountFlags.None, uint ledger = Usd) => new(id, ledger, Code, flags);

    protected static Transfer NewTransfer(UInt128 id, UInt128 debit, UInt128 credit, long amount, uint ledger = Usd) =>
        new(id, debit, credit, amount, ledger, Code, UserData: id * 7);

    protected async Task CreateAccountsOkAsync(params Account[] accounts)
    {
        var results = await Store.CreateAccountsAsync(accounts);
        Assert.All(results, r => Assert.Equal(CreateAccountResult.Ok, r));
    }

    protected async Task<Account> GetAccountAsync(UInt128 id) => Assert.Single(await Store.GetAccountsAsync([id]));

    protected async Task AssertBalanceAsync(UInt128 id, long debits, long credits)
    {
        var account = await GetAccountAsync(id);
        Assert.Equal((debits, credits), (account.DebitsPosted, account.CreditsPosted));
    }

    /// <summary>Runs <paramref name="count"/> copies of <paramref name="work"/> on the thread pool, released at once.</summary>
    protected static async Task<T[]> RunTogetherAsync<T>(int count, Func<int, Task<T>> work)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await work(i);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task CreateAccounts_NewAccounts_OkWithZeroBalancesAndStoreTimestamp()
    {
        var results = await Store.CreateAccountsAsync([NewAccount(1), NewAccount(2, AccountFlags.DebitsMustNotExceedCredits)]);

        Assert.Equal([CreateAccountResult.Ok, CreateAccountResult.Ok], results);
        var accounts = await Store.GetAccountsAsync([2, 1]);
        Assert.Equal([(UInt128)2, 1], accounts.Select(a => a.Id));
        Assert.Equal(AccountFlags.DebitsMustNotExceedCredits, accounts[0].Flags);
        Assert.All(accounts, a => Assert.Equal((0L, 0L), (a.DebitsPosted, a.CreditsPosted)));
        var micros = Time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        Assert.Equal([micros + 1, micros], accounts.Select(a => a.Timestamp));
    }

    [Fact]
    public async Task CreateAccounts_SameIdSameFields_Exists()
    {
        await CreateAccountsOkAsync(NewAccount(1));

        Assert.Equal([CreateAccountResult.Exists], await Store.CreateAccountsAsync([NewAccount(1)]));
    }

    [Fact]
    public async Task CreateAccounts_SameIdDifferentFields_ExistsWithDifferentFieldsAndOriginalKept()
    {
        await CreateAccountsOkAsync(NewAccount(1));

        var results = await Store.CreateAccountsAsync([NewAccount(1, AccountFlags.CreditsMustNotExceedDebits), NewAccount(1, ledger: 978)]);

        Assert.Equal([CreateAccountResult.ExistsWithDifferentFields, CreateAccountResult.ExistsWithDifferentFields], results);
        var kept = await GetAccountAsync(1);
        Assert.Equal((AccountFlags.None, Usd), (kept.Flags, kept.Ledger));
    }

    [Fact]
    public async Task CreateAccounts_InvalidFields_RejectedPerItemOthersCreated()
    {
        var results = await Store.CreateAccountsAsync([
            NewAccount(0),
            NewAccount(1, ledger: 0),
            NewAccount(2, AccountFlags.DebitsMustNotExceedCredits | AccountFlags.CreditsMustNotExceedDebits),
            NewAccount(3, (AccountFlags)8),
            NewAccount(4),
        ]);

        Assert.Equal([
            CreateAccountResult.IdMustNotBeZero, CreateAccountResult.LedgerMustNotBeZero, CreateAccountResult.FlagsAreMutuallyExclusive,
            CreateAccountResult.ReservedFlag, CreateAccountResult.Ok,
        ], results);
        Assert.Equal([(UInt128)4], (await Store.GetAccountsAsync([0, 1, 2, 3, 4])).Select(a => a.Id));
    }

    [Fact]
    public async Task CreateAccounts_AfterReopen_AccountsKept()
    {
        await CreateAccountsOkAsync(NewAccount(UInt128.MaxValue), NewAccount(new UInt128(1, 0)));

        await ReopenAsync();

        Assert.Equal([UInt128.MaxValue, new UInt128(1, 0)], (await Store.GetAccountsAsync([UInt128.MaxValue, new UInt128(1, 0)])).Select(a => a.Id));
        Assert.Equal([CreateAccountResult.Exists], await Store.CreateAccountsAsync([NewAccount(UInt128.MaxValue)]));
    }
}
