namespace Optimus.Testing;

/// <summary>A countdown that tests await (blocking a thread-pool thread would starve the in-process servers).</summary>
public sealed class AsyncCountdown(int count)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = count;

    public void Signal()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }
    }

    public Task WaitAsync(TimeSpan timeout) => _done.Task.WaitAsync(timeout);
}
