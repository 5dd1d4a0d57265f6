namespace Optimus.Core.Inference;

/// <summary>Bytes one model instance needs on a die, by part.</summary>
public sealed record MemoryEstimate(long WeightsBytes, long KvCacheBytes, long ComputeBytes)
{
    public long TotalBytes => WeightsBytes + KvCacheBytes + ComputeBytes;

    public override string ToString() =>
        $"{Mib(TotalBytes)} (weights {Mib(WeightsBytes)}, KV cache {Mib(KvCacheBytes)}, compute {Mib(ComputeBytes)})";

    public static string Mib(long bytes) => $"{bytes / 1048576.0:0.#} MiB";
}
