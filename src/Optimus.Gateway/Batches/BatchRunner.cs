using System.Collections.Concurrent;
using System.Threading.Channels;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Storage;

namespace Optimus.Gateway.Batches;

/// <summary>
/// Runs batch lines through the <see cref="InferenceDispatcher"/> as <see cref="Core.Placement.JobClass.Batch"/> work,
/// which the dispatcher places only on vehicles that interactive work leaves idle. A few lines run at once; a line
/// that finds no idle vehicle waits and tries again (backing off), for as long as its batch's completion window lasts.
/// The loop wakes on new batches, cancels and finished lines, and at least every <see cref="RecheckInterval"/> to
/// expire batches whose window has ended. All state lives in <see cref="BatchStore"/>: after a restart the runner
/// simply picks up the pending lines again.
/// </summary>
internal sealed partial class BatchRunner(
    BatchStore store,
    InferenceDispatcher dispatcher,
    JobJournal journal,
    Quarantine quarantine,
    Billing.Metering metering,
    Accounts.KeyRing keys,
    Api.VehiclePseudonyms pseudonyms,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BatchRunner> logger) : BackgroundService
{
    /// <summary>Lines running or waiting for a vehicle at once, across batches.</summary>
    public const int MaxConcurrentLines = 4;

    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(1);

    private const string Source = "batches";

    private readonly ConcurrentDictionary<(string BatchId, int Line), RunningLine> _running = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _vehicleWaits;

    /// <summary>How many times a line found no idle vehicle and waited (for tests and operators).</summary>
    public long VehicleWaits => Interlocked.Read(ref _vehicleWaits);

    /// <summary>Asks the loop to look at the store now (a batch was created or cancelled, a line ended).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Vehicle streams end when the application starts stopping; lines must stop then, not record a loss as a failure.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            while (true)
            {
                Tick(stopping.Token);
                using var recheck = new CancellationTokenSource(RecheckInterval, time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token, recheck.Token);
                try
                {
                    await _wake.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    // The periodic recheck.
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: running lines are aborted by the same token and stay pending.
        }

        await Task.WhenAll(_running.Values.Select(r => r.Task));
    }

    private void Tick(CancellationToken stopping)
    {
        try
        {
            var now = time.GetUtcNow();
            foreach (var batch in store.ActiveBatches())
            {
                try
                {
                    Advance(batch, now);
                }
                catch (Exception ex) when (Quarantine.IsRecordFault(ex))
                {
                    // A batch the runner cannot advance is set aside and failed, not tried again on every tick.
                    quarantine.SetAside(Source, Quarantine.Reason(ex), batch);
                    store.FinalizeBatch(batch.Id, BatchStatus.Failed, now);
                }
            }

            StartLines(stopping);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            LogStoreFailed(ex); // the store itself: the loop goes on and tries again on the next tick
        }
    }

    // Decides whether an active batch is over, and aborts the lines that must not go on.
    private void Advance(BatchRecord batch, DateTimeOffset now)
    {
        var running = _running.Values.Where(r => r.Line.BatchId == batch.Id).ToList();
        string? final = null;
        if (now >= batch.ExpiresAt)
        {
            running.ForEach(r => r.Abort());
            final = BatchStatus.Expired;
        }
        else if (batch.Status == BatchStatus.Cancelling)
        {
            running.Where(r => !r.Started).ToList().ForEach(r => r.Abort());
            final = BatchStatus.Cancelled;
        }
        else if (batch.Counts.Completed + batch.Counts.Failed == batch.Counts.Total)
        {
            final = BatchStatus.Completed; // an active batch has no expired or cancelled lines, so none is pending
        }

        // Aborted lines end soon and wake the loop; the batch is finalized once none runs.
        if (final is not null && running.Count == 0 && store.FinalizeBatch(batch.Id, final, now))
        {
            LogFinalized(batch.Id, final, batch.Counts.Total, batch.Counts.Completed, batch.Counts.Failed);
        }
    }

    private void StartLines(CancellationToken stopping)
    {
        var free = MaxConcurrentLines - _running.Count;
        if (free <= 0 || stopping.IsCancellationRequested)
        {
            return;
        }

        foreach (var line in store.PendingLines(MaxConcurrentLines + _running.Count))
        {
            if (free == 0)
            {
                break;
            }

            if (_running.ContainsKey((line.BatchId, line.Line)))
            {
                continue;
            }

            var run = new RunningLine(line, stopping);
            _running[(line.BatchId, line.Line)] = run;
            run.Task = Task.Run(() => RunLineAsync(run), CancellationToken.None);
            free--;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {BatchId} is {Status}: {Total} requests, {Completed} completed, {Failed} failed")]
    private partial void LogFinalized(string batchId, string status, int total, int completed, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "The batch store failed; the runner tries again shortly")]
    private partial void LogStoreFailed(Exception exception);
}
