namespace Optimus.Gateway.Devices;

/// <summary>
/// The bounded queue of requests waiting for a slot when every serving vehicle is busy. A request that finds the queue
/// full is refused at once (429 with Retry-After); one that enters is served, however long it waits within its
/// deadline, so nothing accepted is dropped. Waiters wake when this gateway frees a slot, and at least every
/// <see cref="RecheckInterval"/> in case capacity appeared elsewhere (a vehicle connected).
/// </summary>
internal sealed class AdmissionControl(GatewayOptions options)
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private TaskCompletionSource _freed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _waiting;

    public int Waiting => Volatile.Read(ref _waiting);

    public int Capacity => options.MaxQueuedRequests;

    /// <summary>Takes a place in the queue; false when it is full.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _waiting) <= options.MaxQueuedRequests)
        {
            return true;
        }

        Interlocked.Decrement(ref _waiting);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _waiting);

    /// <summary>Waits until a slot may have been freed.</summary>
    public async Task WaitForCapacityAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        Task freed;
        lock (_lock)
        {
            freed = _freed.Task;
        }

        await Task.WhenAny(freed, Task.Delay(RecheckInterval, time, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>A slot was freed: wake the waiters.</summary>
    public void Pulse()
    {
        if (Volatile.Read(ref _waiting) == 0)
        {
            return;
        }

        TaskCompletionSource freed;
        lock (_lock)
        {
            freed = _freed;
            _freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        freed.TrySetResult();
    }
}
