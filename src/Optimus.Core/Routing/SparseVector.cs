namespace Optimus.Core.Routing;

/// <summary>A sparse vector: term indices in ascending order and their weights.</summary>
/// <param name="Indices">Term indices, ascending, without repeats.</param>
/// <param name="Values">The weight of each index.</param>
public readonly record struct SparseVector(int[] Indices, float[] Values)
{
    /// <summary>Number of non-zero entries.</summary>
    public int Count => Indices.Length;
}
