namespace Optimus.Simulator.Engine;

/// <summary>
/// The pending-event set: a calendar of one-minute buckets (singly linked lists in one node array) in front of a small
/// binary heap that holds only the current bucket. A million vehicles keep about a million events pending, but each
/// push is an O(1) list insert and heap operations touch a few thousand cache-resident entries, instead of a
/// million-entry heap's log₂ n cache misses. Order is exactly (time, sequence), as a single heap would give.
/// </summary>
internal sealed class EventQueue
{
    private readonly long _bucketWidth;
    private readonly int[] _bucketHead;
    private SimEvent[] _nodes = new SimEvent[1024];
    private int[] _nodeNext = new int[1024];
    private int _nodeCount;
    private int _freeNode = -1;
    private SimEvent[] _heap = new SimEvent[1024];
    private int _heapCount;
    private int _currentBucket;
    private long _seq;

    /// <param name="end">Events at or after this time are not kept (the run is over by then).</param>
    /// <param name="bucketWidth">Calendar resolution; events within a bucket are ordered by the heap.</param>
    public EventQueue(long end, long bucketWidth = SimTime.Minute)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketWidth);
        _bucketWidth = bucketWidth;
        _bucketHead = new int[checked((int)((Math.Max(end, 0) / bucketWidth) + 1))];
        Array.Fill(_bucketHead, -1);
        End = end;
    }

    public long End { get; }

    /// <summary>Events pending.</summary>
    public long Count { get; private set; }

    /// <summary>Events refused because they fell at or after <see cref="End"/>.</summary>
    public long Dropped { get; private set; }

    /// <summary>Schedules an event; false (and not kept) when it falls at or after <see cref="End"/>.</summary>
    public bool Push(long time, EventKind kind, int target, int data = 0)
    {
        if (time >= End)
        {
            Dropped++;
            return false;
        }

        var e = new SimEvent { Time = Math.Max(time, 0), Seq = _seq++, Kind = kind, Target = target, Data = data };
        var bucket = (int)(e.Time / _bucketWidth);
        Count++;
        if (bucket <= _currentBucket)
        {
            HeapPush(e);
            return true;
        }

        var node = AllocateNode();
        _nodes[node] = e;
        _nodeNext[node] = _bucketHead[bucket];
        _bucketHead[bucket] = node;
        return true;
    }

    public bool TryPop(out SimEvent e)
    {
        while (_heapCount == 0)
        {
            if (_currentBucket + 1 >= _bucketHead.Length)
            {
                e = default;
                return false;
            }

            _currentBucket++;
            for (var node = _bucketHead[_currentBucket]; node >= 0;)
            {
                var next = _nodeNext[node];
                HeapPush(_nodes[node]);
                _nodeNext[node] = _freeNode;
                _freeNode = node;
                node = next;
            }

            _bucketHead[_currentBucket] = -1;
        }

        e = _heap[0];
        _heapCount--;
        Count--;
        if (_heapCount > 0)
        {
            var last = _heap[_heapCount];
            SiftDown(last);
        }

        return true;
    }

    private int AllocateNode()
    {
        if (_freeNode >= 0)
        {
            var free = _freeNode;
            _freeNode = _nodeNext[free];
            return free;
        }

        if (_nodeCount == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
            Array.Resize(ref _nodeNext, _nodeNext.Length * 2);
        }

        return _nodeCount++;
    }

    private void HeapPush(in SimEvent e)
    {
        if (_heapCount == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        var i = _heapCount++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!e.Precedes(_heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = e;
    }

    private void SiftDown(in SimEvent e)
    {
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= _heapCount)
            {
                break;
            }

            if (child + 1 < _heapCount && _heap[child + 1].Precedes(_heap[child]))
            {
                child++;
            }

            if (!_heap[child].Precedes(e))
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        _heap[i] = e;
    }
}
