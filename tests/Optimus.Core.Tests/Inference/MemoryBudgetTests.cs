using Optimus.Core.Inference;

namespace Optimus.Core.Tests.Inference;

public sealed class MemoryBudgetTests
{
    // Llama-3-8B-like shape: 32 layers, 4096 wide, 32 heads, 8 KV heads.
    private static readonly ModelShape Llama8B = new("llama", 4_920_000_000, 32, 4096, 32, 8, 8192);

    [Fact]
    public void KvCacheBytes_GroupedQueryAttention_CountsKvHeadsOnly()
    {
        // 2 × 32 layers × 8192 tokens × (128 × 8) × 2 bytes = 1 GiB.
        Assert.Equal(1L << 30, MemoryBudget.KvCacheBytes(Llama8B, 8192));
    }

    [Fact]
    public void Fits_Q4Model8GbDie_FitsButNotIn4Gb()
    {
        var estimate = MemoryBudget.Estimate(Llama8B, 8192);
        Assert.True(MemoryBudget.Fits(estimate, 8L << 30));
        Assert.False(MemoryBudget.Fits(estimate, 4L << 30));
    }

    [Fact]
    public void Estimate_LongerContext_NeedsMore() =>
        Assert.True(MemoryBudget.Estimate(Llama8B, 8192).TotalBytes > MemoryBudget.Estimate(Llama8B, 2048).TotalBytes);
}
