namespace Optimus.Simulator.Model;

/// <summary>
/// Live requests (queued, running or waiting to continue) as parallel arrays with a free list: a request is an index,
/// reused once it ends. <see cref="Version"/> is the fencing token: a completion scheduled before the request moved
/// to another vehicle carries an older version and is ignored, as a departed vehicle's late result is.
/// </summary>
internal sealed class RequestTable
{
    private int _free = -1;
    private int _used;

    public long[] Arrival = new long[1024];
    public long[] DecodeStart = new long[1024];
    public float[] Prompt = new float[1024];
    public float[] Output = new float[1024];
    public float[] Done = new float[1024];
    public int[] Server = new int[1024];
    public int[] Version = new int[1024];
    public int[] Next = new int[1024];
    public int[] Prev = new int[1024];
    public byte[] Segments = new byte[1024];
    public bool[] IsBatch = new bool[1024];

    /// <summary>Requests allocated and not yet freed.</summary>
    public int Live { get; private set; }

    public int Allocate(long arrival, float prompt, float output, bool isBatch)
    {
        int r;
        if (_free >= 0)
        {
            r = _free;
            _free = Next[r];
        }
        else
        {
            if (_used == Arrival.Length)
            {
                Grow(Arrival.Length * 2);
            }

            r = _used++;
        }

        Live++;
        Arrival[r] = arrival;
        Prompt[r] = prompt;
        Output[r] = output;
        Done[r] = 0;
        Server[r] = -1;
        Next[r] = -1;
        Prev[r] = -1;
        Segments[r] = 0;
        IsBatch[r] = isBatch;
        return r;
    }

    public void Free(int r)
    {
        Version[r]++;
        Server[r] = -1;
        Next[r] = _free;
        _free = r;
        Live--;
    }

    private void Grow(int size)
    {
        Array.Resize(ref Arrival, size);
        Array.Resize(ref DecodeStart, size);
        Array.Resize(ref Prompt, size);
        Array.Resize(ref Output, size);
        Array.Resize(ref Done, size);
        Array.Resize(ref Server, size);
        Array.Resize(ref Version, size);
        Array.Resize(ref Next, size);
        Array.Resize(ref Prev, size);
        Array.Resize(ref Segments, size);
        Array.Resize(ref IsBatch, size);
    }
}
