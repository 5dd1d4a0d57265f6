namespace Optimus.Simulator.Model;

/// <summary>A growable ring-buffer FIFO of ints (request or job indices): no allocation per item.</summary>
internal sealed class IntQueue
{
    private int[] _items = new int[256];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(int item)
    {
        if (Count == _items.Length)
        {
            var larger = new int[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                larger[i] = _items[(_head + i) % _items.Length];
            }

            _items = larger;
            _head = 0;
        }

        _items[(_head + Count) % _items.Length] = item;
        Count++;
    }

    public int Peek() => Count > 0 ? _items[_head] : throw new InvalidOperationException("The queue is empty.");

    public int Dequeue()
    {
        var item = Peek();
        _head = (_head + 1) % _items.Length;
        Count--;
        return item;
    }
}
