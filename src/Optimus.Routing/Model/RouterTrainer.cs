using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms.Text;
using Optimus.Core.Routing;
using Optimus.Routing.Data;

namespace Optimus.Routing.Model;

/// <summary>
/// Trains the two stages of a router with ML.NET FastTree regression on the strong model's gain (strong correct minus
/// weak correct), so that ranking by score ranks by expected gain, which is what the quality-versus-cloud-share curve
/// rewards:
/// the prompt stage on every row (prompt signals, subject base rates, nearest training prompts, and two stacked text
/// scores: see <see cref="PromptTextScores"/>), and the response stage
/// on the rows that carry the edge model's answer (the same plus the answer's signals and bag-of-words text features
/// of prompt and answer).
/// </summary>
public static class RouterTrainer
{
    /// <summary>Trains a router on <paramref name="trainingRows"/>; it is uncalibrated until <see cref="Router.Calibrate"/>.</summary>
    /// <exception cref="ArgumentException">No rows, or no row with an edge answer for the response stage.</exception>
    public static Router Train(IReadOnlyList<RoutingRow> trainingRows, RouterTrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainingRows);
        options ??= new RouterTrainingOptions();
        // Row i of the training rows is row i of the featurizer's neighbours.
        var responseRows = Enumerable.Range(0, trainingRows.Count).Where(i => trainingRows[i].WeakResponse is not null).ToList();
        if (trainingRows.Count == 0 || responseRows.Count == 0)
        {
            throw new ArgumentException("Training needs rows, some of them with the weak model's response.", nameof(trainingRows));
        }

        var rates = SubjectBaseRates.Fit(trainingRows.Select(r => (r.Subject, r.Outcome)));
        var neighbors = trainingRows.Select(r => new NeighborRow(r.Prompt, r.Outcome.WeakCorrect, r.Outcome.StrongCorrect)).ToList();
        var featurizer = new RouterFeaturizer(rates, neighbors);
        var context = new MLContext(options.Seed);

        var promptCount = RouterFeaturizer.PromptFeatureNames.Count;
        var promptExamples = trainingRows.Select((r, i) => Example(r, featurizer.TrainingPromptFeatures(i, r.Subject))).ToList();
        // The text models get their own context, so that they leave the trees' random state as it was.
        var (vectorizer, textChain, outOfFold) = PromptTextScores.Fit(new MLContext(options.Seed), promptExamples, trainingRows);
        var trees = context.Transforms.Concatenate("Features", PromptTextScores.TreeInputColumns)
            .Append(context.Regression.Trainers.FastTree(Trainer(options, options.PromptMinLeafRows)))
            .Fit(PromptTextScores.Stacked(context, promptExamples, outOfFold, promptCount));
        var promptModel = new TransformerChain<ITransformer>(textChain, trees);

        var responseCount = RouterFeaturizer.ResponseFeatureNames.Count;
        var responseData = RouterSchema.Load(
            context,
            responseRows.Select(i => Example(trainingRows[i], featurizer.TrainingResponseFeatures(i, trainingRows[i].Subject, trainingRows[i].WeakResponse!))).ToList(),
            responseCount);
        var responseModel = context.Transforms.Text.FeaturizeText("PromptText", TextOptions(), nameof(RouterExample.Prompt))
            .Append(context.Transforms.Text.FeaturizeText("ResponseText", TextOptions(), nameof(RouterExample.Response)))
            .Append(context.Transforms.Concatenate("Features", nameof(RouterExample.Signals), "PromptText", "ResponseText"))
            .Append(context.Regression.Trainers.FastTree(Trainer(options, options.ResponseMinLeafRows)))
            .Fit(responseData);

        var manifest = RouterManifest.Create(options, trainingRows, rates);
        return new Router(context, promptModel, vectorizer, responseModel, featurizer, manifest);
    }

    private static RouterExample Example(RoutingRow row, float[] signals) => new()
    {
        Prompt = row.Prompt,
        Response = row.WeakResponse ?? "",
        Text = PromptTextScores.Text(row.Prompt, row.Subject),
        Signals = signals,
        Label = row.Outcome.Gain,
        WeakCorrect = row.Outcome.WeakCorrect,
        StrongCorrect = row.Outcome.StrongCorrect,
    };

    private static FastTreeRegressionTrainer.Options Trainer(RouterTrainingOptions options, int minLeafRows) => new()
    {
        LabelColumnName = nameof(RouterExample.Label),
        FeatureColumnName = "Features",
        NumberOfTrees = options.Trees,
        NumberOfLeaves = options.Leaves,
        LearningRate = options.LearningRate,
        MinimumExampleCountPerLeaf = minLeafRows,
        FeatureFraction = options.FeatureSubsample,
        BaggingSize = options.RowSubsample < 1 ? 1 : 0,
        BaggingExampleFraction = options.RowSubsample,
        // One thread: the trees, and so every score, are then identical from run to run and machine to machine.
        NumberOfThreads = 1,
    };

    // Word unigrams and bigrams, L2-normalised; character n-grams cost far more and added nothing on GSM8K.
    private static TextFeaturizingEstimator.Options TextOptions() => new()
    {
        WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
        CharFeatureExtractor = null,
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };
}
