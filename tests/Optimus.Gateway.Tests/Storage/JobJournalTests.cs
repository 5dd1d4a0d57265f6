using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Storage;

namespace Optimus.Gateway.Tests.Storage;

public sealed class JobJournalTests : IAsyncLifetime, IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "optimus-gateway-tests", Guid.NewGuid().ToString("N"));
    private readonly Quarantine _quarantine;
    private readonly JobJournal _journal;

    public JobJournalTests()
    {
        var options = new GatewayOptions { DataDirectory = _data };
        _quarantine = new Quarantine(options, TimeProvider.System, NullLogger<Quarantine>.Instance);
        _journal = new JobJournal(options, _quarantine, TimeProvider.System, NullLogger<JobJournal>.Instance);
    }

    public Task InitializeAsync() => _journal.StartAsync(CancellationToken.None);

    [Fact]
    public async Task RecordJob_WithAPowerTheMeterRefuses_IsQuarantinedAndTheRestOfTheBatchIsWritten()
    {
        await _journal.RecordJobAsync(Job("before", 130));
        await _journal.RecordJobAsync(Job("poisoned", double.NaN));
        await _journal.RecordJobAsync(Job("after", 130));
        await _journal.FlushAsync(CancellationToken.None);

        await _journal.RecordJobAsync(Job("later", 130)); // the loop is still running
        await _journal.FlushAsync(CancellationToken.None);

        Assert.Equal(["after", "before", "later"], _journal.ReadJobs().Select(j => j.JobId).Order());
        var set = Assert.Single(_quarantine.Read());
        Assert.Equal("journal", set.Source);
        Assert.Contains("Power", set.Reason);
        Assert.Contains("poisoned", set.Record);
        Assert.Equal(1, _quarantine.Count);
    }

    [Fact]
    public async Task RecordJob_MoreThanTheQueueHolds_LosesNothing()
    {
        var records = Enumerable.Range(0, JobJournal.Capacity + 500).Select(i => Job($"job-{i:00000}", 130)).ToList();

        await Task.WhenAll(records.Select(r => _journal.RecordJobAsync(r).AsTask()));
        await _journal.FlushAsync(CancellationToken.None);

        Assert.Equal(records.Count, _journal.ReadJobs().Count);
        Assert.Equal(0, _journal.QueueDepth);
        Assert.Empty(_quarantine.Read());
    }

    public Task DisposeAsync() => _journal.StopAsync(CancellationToken.None);

    public void Dispose()
    {
        _journal.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private static JobRecord Job(string id, double watts) =>
        new(id, "chat", "optimus-edge", "car-1", 1, 1, 10, 5, "served", "stop", null, DateTimeOffset.UnixEpoch, 1)
        {
            Usage = [new AttemptUsage(1, "car-1", 1, watts, DateTimeOffset.UnixEpoch, 1_000_000, 5, AttemptOutcome.Served)],
        };
}
