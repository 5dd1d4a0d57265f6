namespace Optimus.Core.Inference;

/// <summary>
/// The figures of a model that decide its memory footprint, read from the GGUF header before any weight is loaded.
/// </summary>
/// <param name="Architecture">The GGUF <c>general.architecture</c>, for example <c>llama</c>.</param>
/// <param name="WeightsBytes">Bytes of the model file, an upper bound on the weights held in memory.</param>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="EmbeddingLength">Hidden size.</param>
/// <param name="HeadCount">Attention heads.</param>
/// <param name="HeadCountKv">Key/value heads (grouped-query attention); equals <paramref name="HeadCount"/> without GQA.</param>
/// <param name="TrainedContextLength">The context the model was trained with.</param>
public sealed record ModelShape(
    string Architecture,
    long WeightsBytes,
    int Layers,
    int EmbeddingLength,
    int HeadCount,
    int HeadCountKv,
    int TrainedContextLength);
