namespace Optimus.Gateway.Devices;

/// <summary>
/// The bounded queue of requests waiting for a fleet slot when every serving vehicle is busy, fair across keys. A
/// request that finds the queue full is refused at once (429 with Retry-After); one that enters is served, however long
/// it waits within its deadline, so nothing accepted is dropped. Waiters are kept per partition (the caller's key) and
/// a freed slot goes to the partitions in turn, round-robin, each serving its own waiters oldest first: while one key
/// floods the gateway, another key's request waits for about one freed slot per waiting key, not for the flood's
/// backlog. Slots freed on this gateway wake the next waiter; a recheck every <see cref="RecheckInterval"/> covers
/// capacity that appears elsewhere (a vehicle connected, a car's die freed after a cancellation).
/// </summary>
internal sealed class AdmissionControl : IDisposable
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(100);

    // The partition of the request being served on this async flow, set by the per-key rate limiter once the caller
    // is known; work without a caller (batch lines, verification replicas) shares the empty partition.
    private static readonly AsyncLocal<string?> CurrentPartition = new();

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private readonly LinkedList<Partition> _turns = new();
    private readonly ITimer _recheck;
    private readonly int _capacity;
    private int _waiting;
    private int _unclaimed;

    public AdmissionControl(GatewayOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _capacity = options.MaxQueuedRequests;
        _recheck = time.CreateTimer(static state => ((AdmissionControl)state!).Recheck(), this, RecheckInterval, RecheckInterval);
    }

    /// <summary>The fairness partition of the current request (its key's name); empty for work without a caller.</summary>
    public static string CurrentKey
    {
        get => CurrentPartition.Value ?? string.Empty;
        set => CurrentPartition.Value = value;
    }

    /// <summary>Requests holding a place in the queue, all keys together.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public int Capacity => _capacity;

    /// <summary>Requests holding a place in the queue, per partition (key name; empty: callers without a key).</summary>
    public IReadOnlyDictionary<string, int> WaitingByKey
    {
        get
        {
            lock (_lock)
            {
                return _partitions.Values.Where(p => p.Holders > 0).ToDictionary(p => p.Key, p => p.Holders, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Takes a place in the queue for <paramref name="key"/>; null when the queue is full.</summary>
    public Ticket? TryEnter(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (_waiting >= _capacity)
            {
                return null;
            }

            _waiting++;
            if (!_partitions.TryGetValue(key, out var partition))
            {
                partition = new Partition(key);
                _partitions.Add(key, partition);
            }

            partition.Holders++;
            return new Ticket(this, partition);
        }
    }

    /// <summary>
    /// Waits for the ticket's turn: a freed slot offered to its partition. <paramref name="again"/>: the ticket had its
    /// turn and found no slot (another gateway's request or a recheck took it), so it keeps the head of the line.
    /// </summary>
    public async Task WaitTurnAsync(Ticket ticket, bool again, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_unclaimed > 0)
            {
                // A slot was freed while nobody was queued (this ticket was between turns): it is this ticket's.
                _unclaimed--;
                return;
            }

            var partition = ticket.Partition;
            if (again)
            {
                partition.Waiters.AddFirst(turn);
                if (partition.Turn.List is not null)
                {
                    _turns.Remove(partition.Turn);
                }

                _turns.AddFirst(partition.Turn);
            }
            else
            {
                partition.Waiters.AddLast(turn);
                if (partition.Turn.List is null)
                {
                    _turns.AddLast(partition.Turn);
                }
            }

            ticket.Turn = turn;
        }

        using var registration = cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), turn);
        try
        {
            await turn.Task;
        }
        catch (OperationCanceledException)
        {
            Withdraw(ticket, turn);
            throw;
        }
    }

    /// <summary>A slot was freed: offer it to the next partition in turn.</summary>
    public void Pulse()
    {
        if (Volatile.Read(ref _waiting) == 0)
        {
            return;
        }

        TaskCompletionSource? turn = null;
        lock (_lock)
        {
            while (turn is null && _turns.First is { } node)
            {
                var partition = node.Value;
                _turns.RemoveFirst();
                if (partition.Waiters.First is { } first)
                {
                    partition.Waiters.RemoveFirst();
                    turn = first.Value;
                }

                if (partition.Waiters.Count > 0)
                {
                    _turns.AddLast(partition.Turn);
                }
            }

            if (turn is null)
            {
                // Everyone holding a ticket is placing right now; the next to wait takes this slot (one, so a burst of
                // releases cannot let later requests skip the line).
                _unclaimed = Math.Min(_unclaimed + 1, 1);
            }
        }

        if (turn is not null && !turn.TrySetResult())
        {
            Pulse(); // that waiter was cancelled meanwhile: the slot is the next one's
        }
    }

    public void Dispose() => _recheck.Dispose();

    private void Recheck()
    {
        if (Volatile.Read(ref _waiting) > 0)
        {
            Pulse();
        }
    }

    private void Withdraw(Ticket ticket, TaskCompletionSource turn)
    {
        lock (_lock)
        {
            var partition = ticket.Partition;
            partition.Waiters.Remove(turn);
            if (partition.Waiters.Count == 0 && partition.Turn.List is not null)
            {
                _turns.Remove(partition.Turn);
            }
        }
    }

    private void Leave(Ticket ticket)
    {
        lock (_lock)
        {
            if (ticket.Turn is { } turn && !turn.Task.IsCompleted)
            {
                Withdraw(ticket, turn);
            }

            _waiting--;
            var partition = ticket.Partition;
            if (--partition.Holders == 0 && partition.Waiters.Count == 0)
            {
                _partitions.Remove(partition.Key);
            }
        }
    }

    /// <summary>A place in the queue; disposing it leaves the queue (placed, refused or cancelled).</summary>
    internal sealed class Ticket(AdmissionControl owner, Partition partition) : IDisposable
    {
        private int _left;

        internal Partition Partition { get; } = partition;

        internal TaskCompletionSource? Turn { get; set; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                owner.Leave(this);
            }
        }
    }

    /// <summary>One key's waiters, oldest first, and its place in the round of turns.</summary>
    internal sealed class Partition
    {
        public Partition(string key)
        {
            Key = key;
            Turn = new LinkedListNode<Partition>(this);
        }

        public string Key { get; }

        public LinkedList<TaskCompletionSource> Waiters { get; } = new();

        public LinkedListNode<Partition> Turn { get; }

        /// <summary>Tickets of this key, waiting or placing.</summary>
        public int Holders { get; set; }
    }
}
