namespace Optimus.Core.Inference;

/// <summary>
/// Whether a model with a given context fits one die: weights + KV cache + compute buffers must stay within the die's RAM.
/// </summary>
public static class MemoryBudget
{
    /// <summary>Bytes per KV-cache element: llama.cpp keeps K and V in f16 by default.</summary>
    public const int KvBytesPerElement = 2;

    /// <summary>
    /// Compute-buffer allowance: llama.cpp's scratch buffers grow with the context and the vocabulary; a fixed floor plus
    /// a fraction of the KV cache is a conservative estimate for CPU inference.
    /// </summary>
    public const long ComputeBufferFloorBytes = 32L << 20;

    /// <summary>The KV cache for <paramref name="contextLength"/> tokens: 2 (K and V) × layers × context × KV width.</summary>
    public static long KvCacheBytes(ModelShape shape, int contextLength)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var headDim = shape.HeadCount == 0 ? 0 : shape.EmbeddingLength / shape.HeadCount;
        long kvWidth = (long)headDim * shape.HeadCountKv;
        return 2L * shape.Layers * contextLength * kvWidth * KvBytesPerElement;
    }

    /// <summary>Estimates the memory one model instance needs on a die.</summary>
    public static MemoryEstimate Estimate(ModelShape shape, int contextLength)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var kv = KvCacheBytes(shape, contextLength);
        var compute = ComputeBufferFloorBytes + (kv / 4);
        return new MemoryEstimate(shape.WeightsBytes, kv, compute);
    }

    /// <summary>True when the estimate fits within <paramref name="dieBytes"/>.</summary>
    public static bool Fits(MemoryEstimate estimate, long dieBytes)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return estimate.TotalBytes <= dieBytes;
    }
}
