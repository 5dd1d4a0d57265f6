namespace Optimus.Gateway.Batches;

/// <summary>
/// A line the runner is executing. Aborting it (cancel before it reached a vehicle, expiry, shutdown) leaves the line
/// pending in the store; what it becomes is decided by the batch's finalization or by the next run after a restart.
/// </summary>
internal sealed class RunningLine(BatchLine line, CancellationToken stopping) : IDisposable
{
    private readonly CancellationTokenSource _abort = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private volatile bool _started;

    public BatchLine Line => line;

    public CancellationToken Token => _abort.Token;

    /// <summary>True while a vehicle is answering the line (a cancelled batch lets such lines finish).</summary>
    public bool Started
    {
        get => _started;
        set => _started = value;
    }

    public Task Task { get; set; } = Task.CompletedTask;

    public void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The line ended meanwhile.
        }
    }

    public void Dispose() => _abort.Dispose();
}
