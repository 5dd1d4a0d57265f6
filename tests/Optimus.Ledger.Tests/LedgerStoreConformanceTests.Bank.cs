using System.Text;

namespace Optimus.Ledger.Tests;

public abstract partial class LedgerStoreConformanceTests
{
    private const int BankSeed = 20261127;
    private const int BankWriters = 4;
    private const int BankBatches = 20;
    private const int BankBatchSize = 5;
    private const long OpeningBalance = 1_000;

    /// <summary>
    /// The bank test: customer accounts that may not be overdrawn, funded once from a source account, then writers move
    /// money between them (some moves would overdraw and must be refused) while readers read every customer account at
    /// once. Each read is one moment of the ledger, so it must show the bank's total unchanged and no account below zero.
    /// </summary>
    [Fact]
    public async Task CreateTransfers_BankTransfersWithConcurrentReaders_EveryReadSeesTheSameTotalAndNoOverdraft()
    {
        var customers = Enumerable.Range(2, 8).Select(i => (UInt128)i).ToArray();
        await CreateAccountsOkAsync([NewAccount(1), .. customers.Select(id => NewAccount(id, AccountFlags.DebitsMustNotExceedCredits))]);
        var funding = await Store.CreateTransfersAsync(customers.Select(id => NewTransfer(id, 1, id, OpeningBalance)).ToArray());
        Assert.All(funding, r => Assert.Equal(CreateTransferResult.Ok, r));
        var total = customers.Length * OpeningBalance;
        using var writing = new CancellationTokenSource();

        var readersStarted = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var readers = readersStarted.Select(started => Task.Factory.StartNew(
            () => ReadBank(customers, total, started, writing.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        (Transfer Transfer, CreateTransferResult Result)[] sent;
        try
        {
            await Task.WhenAll(readersStarted.Select(r => r.Task));
            sent = (await RunTogetherAsync(BankWriters, writer => BankWriterAsync(writer, customers))).SelectMany(w => w).ToArray();
        }
        finally
        {
            await writing.CancelAsync();
        }
        var reads = await Task.WhenAll(readers);

        Assert.True(reads.All(r => r.Torn.Length == 0), $"reads saw money appear or vanish:\n{string.Concat(reads.Select(r => r.Torn))}");
        Assert.Equal(BankWriters * BankBatches * BankBatchSize, sent.Length);
        Assert.All(sent, s => Assert.Contains(s.Result, new[] { CreateTransferResult.Ok, CreateTransferResult.ExceedsCredits }));
        Assert.Contains(sent, s => s.Result == CreateTransferResult.Ok);
        Assert.Contains(sent, s => s.Result == CreateTransferResult.ExceedsCredits);

        // History: exactly the acknowledged moves are stored, and every balance is its opening plus those moves.
        var posted = sent.Where(s => s.Result == CreateTransferResult.Ok).Select(s => s.Transfer).ToArray();
        var stored = await Store.GetTransfersAsync(sent.Select(s => s.Transfer.Id).ToArray());
        Assert.Equal(posted.Select(t => t.Id).Order(), stored.Select(t => t.Id).Order());
        Assert.All(stored, t => Assert.True(t.SameFieldsAs(posted.Single(p => p.Id == t.Id))));
        var histories = new List<Transfer>();
        foreach (var account in await Store.GetAccountsAsync(customers))
        {
            var history = await Store.GetAccountTransfersAsync(account.Id);
            histories.AddRange(history);
            Assert.Equal(
                (history.Where(t => t.DebitAccountId == account.Id).Sum(t => t.Amount), history.Where(t => t.CreditAccountId == account.Id).Sum(t => t.Amount)),
                (account.DebitsPosted, account.CreditsPosted));
            Assert.Equal(
                OpeningBalance + posted.Where(t => t.CreditAccountId == account.Id).Sum(t => t.Amount) - posted.Where(t => t.DebitAccountId == account.Id).Sum(t => t.Amount),
                account.CreditsPosted - account.DebitsPosted);
        }
        Assert.Equal(posted.Length + customers.Length, histories.DistinctBy(t => t.Id).Count());
    }

    // A thread of its own that blocks on each read, so that reads run beside the writers' commits even where the store
    // answers synchronously (SQLite) and the thread pool is as narrow as the machine (two threads on two cores).
    private (int Reads, string Torn) ReadBank(UInt128[] customers, long total, TaskCompletionSource started, CancellationToken writing)
    {
        var (reads, torn) = (0, new StringBuilder());
        try
        {
            do
            {
                var accounts = Store.GetAccountsAsync(customers, CancellationToken.None).GetAwaiter().GetResult();
                var sum = accounts.Sum(a => a.CreditsPosted - a.DebitsPosted);
                if (sum != total || accounts.Any(a => a.DebitsPosted > a.CreditsPosted))
                {
                    torn.AppendLine($"read {reads}: total {sum}, balances {string.Join(' ', accounts.Select(a => a.CreditsPosted - a.DebitsPosted))}");
                }
                reads++;
                started.TrySetResult();
            }
            while (!writing.IsCancellationRequested);
        }
        catch (Exception e)
        {
            // The test waits for every reader to start before it writes.
            started.TrySetException(e);
            throw;
        }
        return (reads, torn.ToString());
    }

    private async Task<List<(Transfer Transfer, CreateTransferResult Result)>> BankWriterAsync(int writer, UInt128[] customers)
    {
        var random = new Random(BankSeed + writer);
        var sent = new List<(Transfer, CreateTransferResult)>();
        for (var batch = 0; batch < BankBatches; batch++)
        {
            var transfers = Enumerable.Range(sent.Count + 1, BankBatchSize).Select(sequence =>
            {
                var debit = random.Next(customers.Length);
                var credit = (debit + random.Next(1, customers.Length)) % customers.Length;
                // Up to 1.5 times an average balance, so that a fair share of moves would overdraw.
                return NewTransfer(new UInt128((ulong)writer + 1, (ulong)sequence), customers[debit], customers[credit], random.Next(1, 1_500));
            }).ToArray();
            var results = await Store.CreateTransfersAsync(transfers);
            sent.AddRange(transfers.Zip(results));
        }
        return sent;
    }
}
