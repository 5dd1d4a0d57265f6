namespace Optimus.Core.Inference;

/// <summary>
/// How to pick tokens. Temperature 0 is greedy decoding, deterministic on one platform, which replication and failover
/// rely on.
/// </summary>
/// <param name="MaxTokens">Most tokens to generate.</param>
/// <param name="Temperature">0 for greedy; otherwise the softmax temperature.</param>
/// <param name="TopP">Nucleus sampling mass, 0 &lt; p ≤ 1.</param>
/// <param name="Seed">Seed for sampling; a fixed seed with the same prompt reproduces the same text.</param>
/// <param name="Stop">Sequences that end generation; they are not part of the returned text.</param>
/// <param name="TopLogprobs">How many alternatives to report per token (0 to 20), when log-probabilities are asked for.</param>
public sealed record SamplingOptions(
    int MaxTokens,
    float Temperature = 0,
    float TopP = 1,
    uint? Seed = null,
    IReadOnlyList<string>? Stop = null,
    int TopLogprobs = 0)
{
    public bool IsGreedy => Temperature <= 0;
}
