using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Optimus.Core.Routing;
using Optimus.Routing.Data;

namespace Optimus.Routing.Model;

/// <summary>
/// The prompt stage's text scores, stacked under its boosted trees: two linear models (ML.NET SDCA logistic regression)
/// on TF-IDF word unigrams and bigrams and character trigrams of the subject and prompt (<see cref="PromptTextVectorizer"/>),
/// one predicting whether the weak model answers correctly, one whether the strong model does. Their raw scores enter
/// the trees as two features. The trees learn from out-of-fold scores (every training row scored by text models that
/// did not see it), so that they weigh the text scores as they will behave on new prompts; queries are scored by text
/// models fitted on every training row.
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

    /// <summary>The text feature column of <see cref="PromptRow"/>.</summary>
    public const string TextFeatures = nameof(PromptRow.TextFeatures);

    /// <summary>Folds of the out-of-fold scores; rows go to folds by a hash of the prompt with this seed.</summary>
    private const int StackingFolds = 5;
    private const int StackingFoldSeed = 11;

    private const string Score = "Score";
    private const string WeakScore = "WeakTextScore";
    private const string StrongScore = "StrongTextScore";

    /// <summary>The text a query is featurized from: a subject token (none when the subject is unknown), then the prompt.</summary>
    public static string Text(string prompt, string? subject) =>
        subject is null ? prompt : "SUBJ" + subject.Replace('/', '_') + " " + prompt;

    /// <summary>
    /// Fits the vectorizer and the text models on <paramref name="examples"/>: returns the vectorizer, the chain that
    /// adds the two score columns (<see cref="WeakScore"/>, <see cref="StrongScore"/>) to a <see cref="PromptRow"/>,
    /// and each training row's out-of-fold scores.
    /// </summary>
    public static (PromptTextVectorizer Vectorizer, ITransformer Chain, float[][] OutOfFold) Fit(MLContext context, IReadOnlyList<RouterExample> examples, IReadOnlyList<RoutingRow> rows)
    {
        // The vocabulary and document frequencies come from the training prompts, without labels; every text model
        // below shares them.
        var vectorizer = FitVectorizer(context, [.. examples.Select(e => e.Text)]);
        var vectors = examples.Select(e => ToVBuffer(vectorizer.Vectorize(e.Text), vectorizer.Length)).ToArray();
        IDataView Rows(IEnumerable<int> indices) => Load(context, indices.Select(i => new PromptRow
        {
            TextFeatures = vectors[i],
            Signals = examples[i].Signals,
            WeakCorrect = examples[i].WeakCorrect,
            StrongCorrect = examples[i].StrongCorrect,
        }), vectorizer.Length, examples[0].Signals.Length);

        var outOfFold = new float[examples.Count][];
        var fold = rows.Select(r => StableSplit.Fold(r.Prompt, StackingFoldSeed, StackingFolds)).ToArray();
        for (var f = 0; f < StackingFolds; f++)
        {
            var inFold = Enumerable.Range(0, examples.Count).Where(i => fold[i] == f).ToList();
            if (inFold.Count == 0)
            {
                continue;
            }

            var training = Rows(Enumerable.Range(0, examples.Count).Where(i => fold[i] != f));
            var held = Rows(inFold);
            var weak = Linear(context, nameof(PromptRow.WeakCorrect)).Fit(training).Transform(held).GetColumn<float>(Score).ToArray();
            var strong = Linear(context, nameof(PromptRow.StrongCorrect)).Fit(training).Transform(held).GetColumn<float>(Score).ToArray();
            for (var k = 0; k < inFold.Count; k++)
            {
                outOfFold[inFold[k]] = [weak[k], strong[k]];
            }
        }

        var all = Rows(Enumerable.Range(0, examples.Count));
        var weakModel = Linear(context, nameof(PromptRow.WeakCorrect)).Fit(all);
        var withWeak = weakModel.Transform(all);
        var copyWeak = context.Transforms.CopyColumns(WeakScore, Score).Fit(withWeak);
        var strongModel = Linear(context, nameof(PromptRow.StrongCorrect)).Fit(all);
        var withStrong = strongModel.Transform(copyWeak.Transform(withWeak));
        var copyStrong = context.Transforms.CopyColumns(StrongScore, Score).Fit(withStrong);
        var chain = new TransformerChain<ITransformer>(weakModel, copyWeak, strongModel, copyStrong);
        return (vectorizer, chain, outOfFold);
    }

    /// <summary>The text vectorizer fitted on <paramref name="texts"/>, folding text as ML.NET does.</summary>
    public static PromptTextVectorizer FitVectorizer(MLContext context, IReadOnlyList<string> texts) =>
        PromptTextVectorizer.Fit(texts, Folding(context));

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

    /// <summary>A data view of <see cref="PromptRow"/>s: text vectors of <paramref name="textLength"/> slots.</summary>
    public static IDataView Load(MLContext context, IEnumerable<PromptRow> rows, int textLength, int signalCount)
    {
        var schema = SchemaDefinition.Create(typeof(PromptRow));
        schema[nameof(PromptRow.TextFeatures)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, textLength);
        schema[nameof(PromptRow.Signals)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, signalCount);
        return context.Data.LoadFromEnumerable(rows.ToList(), schema);
    }

    /// <summary>A sparse vector as ML.NET's sparse buffer of <paramref name="length"/> slots.</summary>
    public static VBuffer<float> ToVBuffer(SparseVector vector, int length) => new(length, vector.Count, vector.Values, vector.Indices);

    /// <summary>
    /// ML.NET's text folding (<c>NormalizeText</c> with its defaults, those of <c>FeaturizeText</c>: lower case,
    /// diacritics removed, punctuation and digits kept), read unit by unit into a table.
    /// </summary>
    private static int[] Folding(MLContext context)
    {
        var units = context.Data.LoadFromEnumerable(
            Enumerable.Range(0, char.MaxValue + 1).Select(c => new Unit { Text = ((char)c).ToString() }).ToList());
        var folded = context.Transforms.Text.NormalizeText(nameof(Unit.Folded), nameof(Unit.Text)).Fit(units).Transform(units)
            .GetColumn<string>(nameof(Unit.Folded)).ToArray();
        var table = PromptTextVectorizer.IdentityFold();
        for (var c = 0; c < table.Length; c++)
        {
            table[c] = folded[c].Length == 0 ? -1 : folded[c][0];
        }

        return table;
    }

    // One thread and no shuffling: the same rows always give the same weights.
    private static SdcaLogisticRegressionBinaryTrainer Linear(MLContext context, string label) =>
        context.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = label,
            FeatureColumnName = TextFeatures,
            NumberOfThreads = 1,
            Shuffle = false,
        });

    /// <summary>A training row as the prompt stage's trees see it.</summary>
    internal sealed class StackedExample
    {
        public float[] Signals { get; set; } = [];

        public float WeakTextScore { get; set; }

        public float StrongTextScore { get; set; }

        public float Label { get; set; }
    }

    private sealed class Unit
    {
        public string Text { get; set; } = "";

        public string Folded { get; set; } = "";
    }
}

/// <summary>
/// The prompt stage's ML.NET input: the text vector and the signals (the persisted prompt model reads both), and the
/// text models' labels.
/// </summary>
internal sealed class PromptRow
{
    public VBuffer<float> TextFeatures { get; set; }

    public float[] Signals { get; set; } = [];

    public bool WeakCorrect { get; set; }

    public bool StrongCorrect { get; set; }
}
