using Optimus.Core.Inference;

namespace Optimus.Core.Economics;

/// <summary>
/// A language model at a chosen size and quantisation: what decides the bytes read per decoded token (the weights) and,
/// through <see cref="ToShape"/>, the KV cache each concurrent stream needs (<see cref="MemoryBudget"/>).
/// </summary>
/// <param name="Name">A label for reports, for example <c>llama-3.1-8b-q4</c>.</param>
/// <param name="ParametersBillions">Weights in billions (Llama-3.1-8B: 8.03).</param>
/// <param name="BitsPerWeight">Average bits per weight after quantisation (Q4_0 ≈ 4.5, Q4_K_M ≈ 4.85, FP8 = 8).</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="EmbeddingLength">Hidden size.</param>
/// <param name="HeadCount">Attention heads.</param>
/// <param name="HeadCountKv">Key/value heads (grouped-query attention).</param>
/// <param name="TrainedContextLength">The context the model was trained with.</param>
public sealed record QuantisedModel(
    string Name,
    double ParametersBillions,
    double BitsPerWeight,
    int Layers,
    int EmbeddingLength,
    int HeadCount,
    int HeadCountKv,
    int TrainedContextLength)
{
    /// <summary>
    /// Llama-3.1-8B at ≈4.58 bits per weight: ≈4.6 GB of weights, the model of the derived starting points in
    /// ../shared/data/fleet/parameters.md (32 layers, 4096 wide, 32 heads, 8 KV heads).
    /// </summary>
    public static QuantisedModel Llama31With8BAtInt4 { get; } = new("llama-3.1-8b-q4", 8.03, 4.58, 32, 4096, 32, 8, 131072);

    /// <summary>Bytes of weights, all of which are read once per decode step.</summary>
    public long WeightsBytes => (long)(ParametersBillions * 1e9 * BitsPerWeight / 8);

    /// <summary>The shape that <see cref="MemoryBudget"/> sizes the KV cache from.</summary>
    public ModelShape ToShape() =>
        new("llama", WeightsBytes, Layers, EmbeddingLength, HeadCount, HeadCountKv, TrainedContextLength);
}
