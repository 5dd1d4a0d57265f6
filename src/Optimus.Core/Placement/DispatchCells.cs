namespace Optimus.Core.Placement;

/// <summary>
/// How vehicles are sharded across dispatchers: each vehicle belongs to one cell by a stable hash of its id, so no
/// single dispatcher holds the whole fleet and each cell's eligible set stays small enough to update in O(1).
/// </summary>
public sealed record DispatchCells(int Count)
{
    public static DispatchCells One { get; } = new(1);

    public string CellOf(string vehicleId)
    {
        ArgumentNullException.ThrowIfNull(vehicleId);
        return CellName((int)(StableHash(vehicleId) % (uint)Count));
    }

    public static string CellName(int index) => $"cell-{index}";

    /// <summary>The cells in the order a request tries them, starting from <paramref name="start"/>.</summary>
    public IEnumerable<string> FromStart(int start)
    {
        for (var i = 0; i < Count; i++)
        {
            yield return CellName((int)((uint)(start + i) % (uint)Count));
        }
    }

    // FNV-1a: stable across processes and runs, unlike string.GetHashCode.
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
