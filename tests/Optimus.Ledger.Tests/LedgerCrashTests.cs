using System.Diagnostics;
using System.Globalization;
using System.Text;
using Optimus.Ledger.CrashChild;
using Xunit.Abstractions;

namespace Optimus.Ledger.Tests;

/// <summary>
/// The embedded ledger under kill -9: a child process posts transfer storms to a SQLite ledger and is killed at a random
/// moment, again and again, each restart resending some transfers it had already sent. Whatever the child was told was
/// acknowledged must have survived, nothing may have been applied twice, and the books must balance.
/// </summary>
[Trait("Category", "Crash")]
public sealed class LedgerCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 20261128;
    private const int Cycles = 100;

    private readonly string _folder = Directory.CreateTempSubdirectory("optimus-ledger-crash-").FullName;

    [Fact]
    public async Task CreateTransfers_ChildKilledWithSigkill100Times_NoAcknowledgedTransferLostNoneAppliedTwice()
    {
        var path = Path.Combine(_folder, "ledger.db");
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        var acknowledged = new HashSet<ulong>();
        var (highest, exists, okTwice) = (0UL, 0, new List<ulong>());

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            // Start up to three batches below the highest acknowledged transfer: the child resends transfers that were
            // acknowledged, and any that committed after the last line it printed, which must answer Exists.
            var first = (ulong)Math.Max(1, (long)highest + 1 - random.Next(0, 3 * CrashWorkload.BatchSize + 1));
            var storm = TimeSpan.FromMilliseconds(random.Next(20, 151));
            foreach (var (sequence, result) in await RunUntilKilledAsync(path, first, storm))
            {
                // Ok for a transfer already acknowledged once means the ledger forgot it and posted it again.
                if (!acknowledged.Add(sequence) && result == CreateTransferResult.Ok)
                {
                    okTwice.Add(sequence);
                }
                exists += result == CreateTransferResult.Exists ? 1 : 0;
                highest = Math.Max(highest, sequence);
            }
        }
        var stormTime = clock.Elapsed;

        await using var store = await LedgerStores.OpenSqliteAsync(path);
        var accountIds = CrashWorkload.Accounts.Select(a => a.Id).ToArray();
        var accounts = await store.GetAccountsAsync(accountIds);
        var stored = new Dictionary<UInt128, Transfer>();
        foreach (var id in accountIds)
        {
            foreach (var transfer in await store.GetAccountTransfersAsync(id))
            {
                stored.TryAdd(transfer.Id, transfer);
            }
        }
        var problems = new StringBuilder();

        // The child posts in sequence order, one batch at a time, so what survives is exactly the sequences 1..stored.Count.
        var model = new LedgerModel();
        foreach (var account in CrashWorkload.Accounts)
        {
            model.Add(account);
        }
        for (var sequence = 1UL; sequence <= (ulong)stored.Count; sequence++)
        {
            var expected = CrashWorkload.Transfer(Seed, sequence);
            if (!stored.TryGetValue(expected.Id, out var transfer) || !transfer.SameFieldsAs(expected))
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"sequence {sequence}: stored {transfer?.ToString() ?? "nothing"}, expected {expected}");
            }
            if (model.Apply(expected) != CreateTransferResult.Ok)
            {
                problems.AppendLine(CultureInfo.InvariantCulture, $"sequence {sequence}: the replay refused it");
            }
        }
        var lost = acknowledged.Where(s => !stored.ContainsKey(CrashWorkload.TransferId(s))).Order().ToArray();
        foreach (var account in accounts)
        {
            var history = stored.Values.Where(t => t.DebitAccountId == account.Id || t.CreditAccountId == account.Id).ToArray();
            var fromHistory = (history.Where(t => t.DebitAccountId == account.Id).Sum(t => t.Amount), history.Where(t => t.CreditAccountId == account.Id).Sum(t => t.Amount));
            var fromModel = (model.Accounts[account.Id].DebitsPosted, model.Accounts[account.Id].CreditsPosted);
            if ((account.DebitsPosted, account.CreditsPosted) != fromHistory || fromHistory != fromModel)
            {
                problems.AppendLine(CultureInfo.InvariantCulture,
                    $"account {account.Id}: balances {account.DebitsPosted}/{account.CreditsPosted}, its history {fromHistory}, the replay {fromModel}");
            }
        }
        var (debits, credits) = (accounts.Sum(a => a.DebitsPosted), accounts.Sum(a => a.CreditsPosted));

        output.WriteLine($"{Cycles} kills in {stormTime.TotalSeconds:F1} s; {acknowledged.Count} transfers acknowledged ({exists} answers Exists "
            + $"on a resend), {stored.Count} stored, {stored.Count - (int)highest} stored after the last acknowledgement; debits {debits}, credits {credits}");
        Assert.True(
            lost.Length == 0 && okTwice.Count == 0 && problems.Length == 0 && debits == credits && accounts.Count == accountIds.Length,
            $"seed {Seed}: {lost.Length} acknowledged transfers lost ({string.Join(' ', lost.Take(20))}), {okTwice.Count} posted again after an acknowledgement "
            + $"({string.Join(' ', okTwice.Take(20))}), debits {debits}, credits {credits}, {accounts.Count} accounts\n{problems}");
        // The test proves something only if the child got to post, and to resend, between kills.
        Assert.True(acknowledged.Count > Cycles && exists > 0, $"only {acknowledged.Count} transfers acknowledged, {exists} resends");
    }

    public void Dispose()
    {
        // Pooled connections keep the file open until the pool lets go of them.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// Runs the child from <paramref name="first"/>, lets it storm for <paramref name="storm"/> after it is ready, kills it
    /// with SIGKILL and answers the transfers it acknowledged: every whole line it printed, none cut short.
    /// </summary>
    private static async Task<List<(ulong Sequence, CreateTransferResult Result)>> RunUntilKilledAsync(string path, ulong first, TimeSpan storm)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(CrashWorkload).Assembly.Location, path, Seed.ToString(CultureInfo.InvariantCulture), first.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }
        using var child = Process.Start(info) ?? throw new InvalidOperationException("the crash child did not start");
        var errors = child.StandardError.ReadToEndAsync();
        try
        {
            var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (ready != "ready")
            {
                Assert.Fail($"the crash child said {ready ?? "nothing"} instead of ready: {await errors}");
            }
            var rest = child.StandardOutput.ReadToEndAsync();
            await Task.Delay(storm);
            if (child.HasExited)
            {
                Assert.Fail($"the crash child exited by itself ({child.ExitCode}): {await errors}");
            }
            child.Kill();
            await child.WaitForExitAsync();
            return ParseAcknowledgements(await rest);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    // "<id> <result> ." per acknowledged transfer. After kill -9 the last line may be cut anywhere: only lines that end
    // in " ." and a newline were printed whole.
    private static List<(ulong, CreateTransferResult)> ParseAcknowledgements(string text)
    {
        var lines = text.Split('\n');
        var acknowledgements = new List<(ulong, CreateTransferResult)>();
        foreach (var line in lines.Take(lines.Length - 1))
        {
            var parts = line.Split(' ');
            Assert.True(parts.Length == 3 && parts[2] == ".", $"the crash child printed {line}");
            var sequence = CrashWorkload.SequenceOf(UInt128.Parse(parts[0], CultureInfo.InvariantCulture))
                ?? throw new InvalidOperationException($"not a workload id: {line}");
            acknowledgements.Add((sequence, Enum.Parse<CreateTransferResult>(parts[1])));
        }
        return acknowledgements;
    }
}
