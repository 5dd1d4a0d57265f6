using Optimus.Core.Routing;

namespace Optimus.Routing.Model;

/// <summary>
/// Turns a query into the numeric signals the learner sees: prompt signals, the subject's base rates, the outcomes of
/// the most similar training prompts and, after generation, the edge answer's signals. Everything here is fitted on
/// training rows only.
/// </summary>
internal sealed class RouterFeaturizer
{
    private readonly TextVectorizer _vectorizer;
    private readonly NeighborIndex _index;
    private readonly List<SparseVector> _vectors;
    private readonly Dictionary<string, int[]> _rowsByPrompt;

    public RouterFeaturizer(SubjectBaseRates rates, IReadOnlyList<NeighborRow> neighbors)
    {
        Rates = rates;
        Neighbors = neighbors;
        _vectorizer = TextVectorizer.Fit(neighbors.Select(n => n.Prompt).ToList());
        _vectors = neighbors.Select(n => _vectorizer.Vectorize(n.Prompt)).ToList();
        _index = new NeighborIndex(_vectors, neighbors.Select(n => new RoutingOutcome(n.WeakCorrect, n.StrongCorrect)).ToList(), _vectorizer.TermCount);
        _rowsByPrompt = Enumerable.Range(0, neighbors.Count)
            .GroupBy(i => neighbors[i].Prompt, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public static IReadOnlyList<string> PromptFeatureNames { get; } =
        [.. PromptSignals.FeatureNames, .. SubjectRates.FeatureNames, .. NeighborSignals.FeatureNames];

    public static IReadOnlyList<string> ResponseFeatureNames { get; } = [.. PromptFeatureNames, .. ResponseSignals.FeatureNames];

    public SubjectBaseRates Rates { get; }

    public IReadOnlyList<NeighborRow> Neighbors { get; }

    /// <summary>Signals before generation of a new query.</summary>
    public float[] PromptFeatures(string prompt, string? subject) =>
        PromptFeatures(prompt, subject, _vectorizer.Vectorize(prompt), exclude: null);

    /// <summary>
    /// Signals before generation of the featurizer's own training row <paramref name="row"/> (its index in
    /// <see cref="Neighbors"/>): its neighbours exclude every training row with the same prompt, so no row learns
    /// from its own label.
    /// </summary>
    public float[] TrainingPromptFeatures(int row, string? subject)
    {
        var prompt = Neighbors[row].Prompt;
        return PromptFeatures(prompt, subject, _vectors[row], _rowsByPrompt[prompt]);
    }

    /// <summary>Signals after generation of a new query: the prompt's, then the edge answer's.</summary>
    public float[] ResponseFeatures(string prompt, string? subject, string response) =>
        [.. PromptFeatures(prompt, subject), .. ResponseSignalExtractor.Extract(prompt, response).ToFeatures()];

    /// <summary>Signals after generation of training row <paramref name="row"/>, leaving its own label out.</summary>
    public float[] TrainingResponseFeatures(int row, string? subject, string response) =>
        [.. TrainingPromptFeatures(row, subject), .. ResponseSignalExtractor.Extract(Neighbors[row].Prompt, response).ToFeatures()];

    private float[] PromptFeatures(string prompt, string? subject, SparseVector vector, int[]? exclude)
    {
        var rates = Rates.For(subject);
        var neighbors = _index.Query(vector, rates, exclude);
        return [.. PromptSignalExtractor.Extract(prompt).ToFeatures(), .. rates.ToFeatures(), .. neighbors.ToFeatures()];
    }
}
