namespace Optimus.Simulator.Model;

/// <summary>
/// Batch jobs: how many of each job's requests have not started, and when the job arrived; jobs wait in arrival order.
/// A request's lengths are drawn when it starts (or expires), so a job costs a few bytes however large it is.
/// </summary>
internal sealed class BatchJobs
{
    private readonly List<int> _remaining = [];
    private readonly List<long> _arrival = [];
    private readonly IntQueue _waiting = new();

    /// <summary>Requests of all jobs that have not started.</summary>
    public long Pending { get; private set; }

    public int Count => _remaining.Count;

    public int Add(long arrival, int requests)
    {
        _remaining.Add(requests);
        _arrival.Add(arrival);
        _waiting.Enqueue(_remaining.Count - 1);
        Pending += requests;
        return _remaining.Count - 1;
    }

    public long Arrival(int job) => _arrival[job];

    /// <summary>The oldest job with work left, taking one of its requests; −1 when none.</summary>
    public int TakeOne()
    {
        while (_waiting.Count > 0)
        {
            var job = _waiting.Peek();
            if (_remaining[job] > 0)
            {
                _remaining[job]--;
                Pending--;
                return job;
            }

            _waiting.Dequeue();
        }

        return -1;
    }

    /// <summary>Takes every request of <paramref name="job"/> that has not started (at its deadline).</summary>
    public int TakeAll(int job)
    {
        var left = _remaining[job];
        _remaining[job] = 0;
        Pending -= left;
        return left;
    }
}
