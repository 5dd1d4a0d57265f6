namespace Optimus.Core.Routing;

/// <summary>
/// How the training prompts most similar to a query fared: the similarity-weighted accuracies of the weak and the
/// strong model on them (RouteLLM's similarity-weighted router uses the same idea with embeddings).
/// </summary>
/// <param name="WeakAccuracy">Similarity-weighted weak-model accuracy on the neighbours, or the prior with none.</param>
/// <param name="StrongAccuracy">Similarity-weighted strong-model accuracy on the neighbours, or the prior with none.</param>
/// <param name="TopSimilarity">Cosine similarity of the nearest neighbour (0 with none).</param>
/// <param name="MeanSimilarity">Mean cosine similarity of the neighbours used.</param>
public sealed record NeighborSignals(double WeakAccuracy, double StrongAccuracy, double TopSimilarity, double MeanSimilarity)
{
    /// <summary>Names of the entries of <see cref="ToFeatures"/>, in order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
        ["neighbor_weak_accuracy", "neighbor_strong_accuracy", "neighbor_gain", "neighbor_top_similarity", "neighbor_mean_similarity"];

    /// <summary>The signals as a fixed-length numeric vector for a learner.</summary>
    public float[] ToFeatures() =>
        [(float)WeakAccuracy, (float)StrongAccuracy, (float)(StrongAccuracy - WeakAccuracy), (float)TopSimilarity, (float)MeanSimilarity];
}
