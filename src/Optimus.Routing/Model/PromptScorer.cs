using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace Optimus.Routing.Model;

/// <summary>
/// The prompt stage's score on the request path: the text's n-grams, the two linear text scores and the trees,
/// computed from the trained ML.NET models' parameters without ML.NET's row pipeline (a routing decision must cost at
/// most a millisecond at p99). Its score equals ML.NET's on the same query (see the tests).
/// </summary>
/// <remarks>
/// Laid out for few memory accesses, since a decision usually finds the caches cold: each known n-gram's inverse
/// document frequency and both models' weights sit next to its key in one open-addressing table, so an n-gram costs
/// one cache miss rather than a dictionary walk and three array reads. Immutable; thread-safe.
/// </remarks>
internal sealed class PromptScorer
{
    [ThreadStatic]
    private static TextKeys? t_keys;

    private readonly Entry[] _table;
    private readonly int _shift;
    private readonly float _weakBias;
    private readonly float _strongBias;
    private readonly TreeEnsemble _trees;

    private PromptScorer(PromptTextVectorizer vectorizer, LinearBinaryModelParameters weak, LinearBinaryModelParameters strong, TreeEnsemble trees)
    {
        Vectorizer = vectorizer;
        _trees = trees;
        _weakBias = weak.Bias;
        _strongBias = strong.Bias;
        var weakWeights = Weights(weak, vectorizer.Length);
        var strongWeights = Weights(strong, vectorizer.Length);
        var bits = Math.Max(4, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)vectorizer.Length * 2));
        _table = new Entry[1 << bits];
        _shift = 64 - bits;
        foreach (var (key, slot, idf) in vectorizer.Vocabulary)
        {
            // Keys are never 0 (see PromptTextVectorizer), which marks an empty place here.
            var i = Home(key);
            while (_table[i].Key != 0)
            {
                i = (i + 1) & (_table.Length - 1);
            }

            _table[i] = new Entry(key, idf, weakWeights[slot], strongWeights[slot]);
        }
    }

    public PromptTextVectorizer Vectorizer { get; }

    /// <summary>
    /// Reads the parameters of <paramref name="promptModel"/> (the text chain of <see cref="PromptTextScores.Fit"/>,
    /// then the trees): its first linear model scores the weak model, its second the strong one.
    /// </summary>
    /// <exception cref="InvalidDataException">The model is not shaped like that.</exception>
    public static PromptScorer From(ITransformer promptModel, PromptTextVectorizer vectorizer)
    {
        ArgumentNullException.ThrowIfNull(promptModel);
        ArgumentNullException.ThrowIfNull(vectorizer);
        var parts = Flatten(promptModel).ToList();
        var linear = parts.OfType<ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>>>()
            .Select(t => t.Model.SubModel)
            .ToList();
        var trees = parts.OfType<ISingleFeaturePredictionTransformer<FastTreeRegressionModelParameters>>().ToList();
        if (linear.Count != 2 || trees.Count != 1)
        {
            throw new InvalidDataException($"The prompt model has {linear.Count} linear text models and {trees.Count} tree ensembles; expected 2 and 1.");
        }

        return new PromptScorer(vectorizer, linear[0], linear[1], TreeEnsemble.From(trees[0].Model));
    }

    /// <summary>The score of a query whose text is <paramref name="text"/> (see <see cref="PromptTextScores.Text"/>) and signals <paramref name="signals"/>.</summary>
    public float Score(string text, ReadOnlySpan<float> signals)
    {
        var keys = t_keys ??= new TextKeys();
        Vectorizer.Keys(text, keys);
        var (weakCharacters, strongCharacters) = Block(keys.Characters);
        var (weakWords, strongWords) = Block(keys.Words);
        Span<float> features = stackalloc float[signals.Length + 2];
        signals.CopyTo(features);
        // As ML.NET sums a sparse dot product: bias, then the slots in order (characters before words).
        features[signals.Length] = (float)(_weakBias + weakCharacters + weakWords);
        features[signals.Length + 1] = (float)(_strongBias + strongCharacters + strongWords);
        return _trees.Score(features);
    }

    /// <summary>Both models' dot products with one normalised block of the text vector.</summary>
    private (double Weak, double Strong) Block(List<ulong> keys)
    {
        var found = keys.Count <= 512 ? stackalloc int[keys.Count] : new int[keys.Count];
        var n = 0;
        foreach (var key in CollectionsMarshal.AsSpan(keys))
        {
            var index = Find(key);
            if (index != NotFound)
            {
                found[n++] = index;
            }
        }

        found = found[..n];
        found.Sort();
        var runs = PromptTextVectorizer.Runs(found);
        var values = runs.Count <= 512 ? stackalloc float[runs.Count] : new float[runs.Count];
        for (var i = 0; i < runs.Count; i++)
        {
            values[i] = PromptTextVectorizer.Weight(runs[i].Count, _table[runs[i].Value].Idf);
        }

        PromptTextVectorizer.Normalize(values);
        double weak = 0, strong = 0;
        for (var i = 0; i < runs.Count; i++)
        {
            ref readonly var entry = ref _table[runs[i].Value];
            weak += (double)entry.Weak * values[i];
            strong += (double)entry.Strong * values[i];
        }

        return (weak, strong);
    }

    private const int NotFound = -1;

    private int Find(ulong key)
    {
        for (var i = Home(key); ; i = (i + 1) & (_table.Length - 1))
        {
            var k = _table[i].Key;
            if (k == key)
            {
                return i;
            }

            if (k == 0)
            {
                return NotFound;
            }
        }
    }


    private int Home(ulong key) => (int)(key >> _shift);

    private static float[] Weights(LinearBinaryModelParameters model, int length)
    {
        var weights = model.Weights.ToArray();
        return weights.Length == length
            ? weights
            : throw new InvalidDataException($"A text model has {weights.Length} weights for {length} text features.");
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    /// <summary>One known n-gram: its key (0: an empty place), inverse document frequency and both models' weights.</summary>
    private readonly record struct Entry(ulong Key, double Idf, float Weak, float Strong);
}
