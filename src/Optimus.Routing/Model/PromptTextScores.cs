using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;
using Optimus.Core.Routing;
using Optimus.Routing.Data;

namespace Optimus.Routing.Model;

/// <summary>
/// The prompt stage's text scores, stacked under its boosted trees: two linear models (ML.NET SDCA logistic regression)
/// on TF-IDF word unigrams and bigrams and character trigrams of the subject and prompt, one predicting whether the
/// weak model answers correctly, one whether the strong model does. Their raw scores enter the trees as two features.
/// The trees learn from out-of-fold scores (every training row scored by text models that did not see it), so that
/// they weigh the text scores as they will behave on new prompts; queries are scored by text models fitted on every
/// training row.
/// </summary>
/// <remarks>
/// Chosen by inner cross-validation on training rows only (4 folds inside the training rows of outer fold 1 of the
/// evaluation, never its held-out rows): MMLU APGR 0.701 with the signals alone, 0.706 with these two scores, 0.703
/// with one linear score of the gain instead. The text models' settings are ML.NET's defaults, not tuned.
/// </remarks>
internal static class PromptTextScores
{
    /// <summary>The two score columns the text chain adds, in the order they follow the signals.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["text_weak_score", "text_strong_score"];

    /// <summary>Folds of the out-of-fold scores; rows go to folds by a hash of the prompt with this seed.</summary>
    private const int StackingFolds = 5;
    private const int StackingFoldSeed = 11;

    private const string TextFeatures = "TextFeatures";
    private const string Score = "Score";
    private const string WeakScore = "WeakTextScore";
    private const string StrongScore = "StrongTextScore";

    /// <summary>The text a query is featurized from: a subject token (none when the subject is unknown), then the prompt.</summary>
    public static string Text(string prompt, string? subject) =>
        subject is null ? prompt : "SUBJ" + subject.Replace('/', '_') + " " + prompt;

    /// <summary>
    /// Fits the text models on <paramref name="examples"/>: returns the chain that adds the two score columns to a query
    /// (<see cref="WeakScore"/>, <see cref="StrongScore"/>) and each training row's out-of-fold scores.
    /// </summary>
    public static (ITransformer Chain, float[][] OutOfFold) Fit(MLContext context, IReadOnlyList<RouterExample> examples, IReadOnlyList<RoutingRow> rows, int signalCount)
    {
        var all = RouterSchema.Load(context, examples, signalCount);
        // The vocabulary and document frequencies come from the training prompts, without labels; every text model
        // below shares them.
        var featurizer = context.Transforms.Text.FeaturizeText(TextFeatures, TextOptions(), nameof(RouterExample.Text)).Fit(all);

        var outOfFold = new float[examples.Count][];
        var fold = rows.Select(r => StableSplit.Fold(r.Prompt, StackingFoldSeed, StackingFolds)).ToArray();
        for (var f = 0; f < StackingFolds; f++)
        {
            var inFold = Enumerable.Range(0, examples.Count).Where(i => fold[i] == f).ToList();
            if (inFold.Count == 0)
            {
                continue;
            }

            var training = Featurize(context, featurizer, Enumerable.Range(0, examples.Count).Where(i => fold[i] != f).Select(i => examples[i]), signalCount);
            var held = Featurize(context, featurizer, inFold.Select(i => examples[i]), signalCount);
            var weak = Linear(context, nameof(RouterExample.WeakCorrect)).Fit(training).Transform(held).GetColumn<float>(Score).ToArray();
            var strong = Linear(context, nameof(RouterExample.StrongCorrect)).Fit(training).Transform(held).GetColumn<float>(Score).ToArray();
            for (var k = 0; k < inFold.Count; k++)
            {
                outOfFold[inFold[k]] = [weak[k], strong[k]];
            }
        }

        var featurized = context.Data.Cache(featurizer.Transform(all));
        var weakModel = Linear(context, nameof(RouterExample.WeakCorrect)).Fit(featurized);
        var withWeak = weakModel.Transform(featurized);
        var copyWeak = context.Transforms.CopyColumns(WeakScore, Score).Fit(withWeak);
        var strongModel = Linear(context, nameof(RouterExample.StrongCorrect)).Fit(featurized);
        var withStrong = strongModel.Transform(copyWeak.Transform(withWeak));
        var copyStrong = context.Transforms.CopyColumns(StrongScore, Score).Fit(withStrong);
        var chain = new TransformerChain<ITransformer>(featurizer, weakModel, copyWeak, strongModel, copyStrong);
        return (chain, outOfFold);
    }

    /// <summary>The columns the prompt stage's trees read: the signals, then the two text scores.</summary>
    public static string[] TreeInputColumns { get; } = [nameof(RouterExample.Signals), WeakScore, StrongScore];

    /// <summary>A data view of training rows with their out-of-fold text scores, for fitting the trees.</summary>
    public static IDataView Stacked(MLContext context, IReadOnlyList<RouterExample> examples, float[][] outOfFold, int signalCount)
    {
        var schema = SchemaDefinition.Create(typeof(StackedExample));
        schema[nameof(StackedExample.Signals)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, signalCount);
        return context.Data.LoadFromEnumerable(
            examples.Select((e, i) => new StackedExample
            {
                Signals = e.Signals,
                WeakTextScore = outOfFold[i][0],
                StrongTextScore = outOfFold[i][1],
                Label = e.Label,
            }).ToList(),
            schema);
    }

    private static IDataView Featurize(MLContext context, ITransformer featurizer, IEnumerable<RouterExample> examples, int signalCount) =>
        context.Data.Cache(featurizer.Transform(RouterSchema.Load(context, examples.ToList(), signalCount)));

    // One thread and no shuffling: the same rows always give the same weights.
    private static SdcaLogisticRegressionBinaryTrainer Linear(MLContext context, string label) =>
        context.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = label,
            FeatureColumnName = TextFeatures,
            NumberOfThreads = 1,
            Shuffle = false,
        });

    private static TextFeaturizingEstimator.Options TextOptions() => new()
    {
        WordFeatureExtractor = new WordBagEstimator.Options
        {
            NgramLength = 2,
            UseAllLengths = true,
            Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
        },
        CharFeatureExtractor = new WordBagEstimator.Options
        {
            NgramLength = 3,
            UseAllLengths = false,
            Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
        },
        Norm = TextFeaturizingEstimator.NormFunction.L2,
    };

    /// <summary>A training row as the prompt stage's trees see it.</summary>
    internal sealed class StackedExample
    {
        public float[] Signals { get; set; } = [];

        public float WeakTextScore { get; set; }

        public float StrongTextScore { get; set; }

        public float Label { get; set; }
    }
}
