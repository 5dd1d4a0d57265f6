namespace Optimus.Simulator.Model;

/// <summary>A set of vehicle (or server) indices in [0, capacity) with O(1) add, remove, membership and uniform pick by position.</summary>
internal sealed class IndexSet
{
    private readonly int[] _items;
    private readonly int[] _position;

    public IndexSet(int capacity)
    {
        _items = new int[capacity];
        _position = new int[capacity];
        Array.Fill(_position, -1);
    }

    public int Count { get; private set; }

    public int this[int position] => _items[position];

    public bool Contains(int item) => _position[item] >= 0;

    public void Add(int item)
    {
        if (Contains(item))
        {
            return;
        }

        _items[Count] = item;
        _position[item] = Count++;
    }

    public void Remove(int item)
    {
        var at = _position[item];
        if (at < 0)
        {
            return;
        }

        var last = _items[--Count];
        _items[at] = last;
        _position[last] = at;
        _position[item] = -1;
    }
}
