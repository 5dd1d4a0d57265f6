using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Optimus.Core.Routing;

namespace Optimus.Routing.Model;

/// <summary>
/// The prompt stage's score on the request path: the text vector, the two linear text scores and the trees, computed
/// from the trained ML.NET models' parameters without ML.NET's row pipeline (a routing decision must cost at most a
/// millisecond). It gives ML.NET's score up to float rounding in the linear models' sums (see the tests).
/// </summary>
/// <remarks>Immutable; thread-safe.</remarks>
internal sealed class PromptScorer
{
    private readonly LinearScore _weak;
    private readonly LinearScore _strong;
    private readonly TreeEnsemble _trees;

    private PromptScorer(PromptTextVectorizer vectorizer, LinearScore weak, LinearScore strong, TreeEnsemble trees)
    {
        Vectorizer = vectorizer;
        _weak = weak;
        _strong = strong;
        _trees = trees;
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
            .Select(t => LinearScore.From(t.Model.SubModel, vectorizer.Length))
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
        var vector = Vectorizer.Vectorize(text);
        Span<float> features = stackalloc float[signals.Length + 2];
        signals.CopyTo(features);
        features[signals.Length] = _weak.Score(vector);
        features[signals.Length + 1] = _strong.Score(vector);
        return _trees.Score(features);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    /// <summary>A linear model's raw score (before the calibrator): bias plus weights times features.</summary>
    private sealed class LinearScore(float[] weights, float bias)
    {
        public static LinearScore From(LinearBinaryModelParameters model, int length)
        {
            var weights = model.Weights.ToArray();
            if (weights.Length != length)
            {
                throw new InvalidDataException($"A text model has {weights.Length} weights for {length} text features.");
            }

            return new LinearScore(weights, model.Bias);
        }

        public float Score(SparseVector vector)
        {
            double sum = bias;
            for (var i = 0; i < vector.Count; i++)
            {
                sum += (double)weights[vector.Indices[i]] * vector.Values[i];
            }

            return (float)sum;
        }
    }
}
