using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using Optimus.Routing.Model;

namespace Optimus.Routing.Tests.Model;

[Collection(SharedRouter.Name)]
public sealed class PromptTextVectorizerTests(RouterFixture fixture)
{
    private static readonly string[] Training =
    [
        "SUBJmmlu_anatomy Which bone is the longest?",
        "Janet’s ducks lay 16 eggs per day.  She eats three.",
        "Café crème, naïve résumé",
    ];

    [Fact]
    public void Vectorize_AnyText_SameFeaturesAsMlNetFeaturizeText()
    {
        // The vectorizer replaces ML.NET's FeaturizeText with the options the router chose (word 1-2-grams and
        // character trigrams, TF-IDF, L2 per block): same slots, same weights up to float rounding in the norm.
        var texts = fixture.TrainingRows.Where((_, i) => i % 10 == 0).Select(r => PromptTextScores.Text(r.Prompt, r.Subject)).ToList();
        var probes = fixture.TestRows.Where((_, i) => i % 20 == 0).Select(r => PromptTextScores.Text(r.Prompt, r.Subject))
            .Concat(["", " ", "  two  spaces ", "ÀÉÎ Ünïcödé çafé", "tab\there\nnew line", "a|b c|d", "\u0002x\u0003", "never seen zzqx"])
            .ToList();
        var context = new MLContext(1);
        var mine = VectorizerFor(texts);
        var theirs = MlNetFeatures(context, texts, probes);

        for (var i = 0; i < probes.Count; i++)
        {
            var actual = mine.Vectorize(probes[i]);
            var expected = theirs[i];
            Assert.Equal(expected.GetIndices().ToArray(), actual.Indices);
            var values = expected.GetValues().ToArray();
            for (var k = 0; k < values.Length; k++)
            {
                Assert.True(Math.Abs(values[k] - actual.Values[k]) <= 1e-5 * Math.Abs(values[k]), $"probe {i}, slot {actual.Indices[k]}: {values[k]} vs {actual.Values[k]}");
            }
        }
    }

    [Fact]
    public void Vectorize_Text_FoldsCaseAndDiacriticsAndSkipsUnseenWords()
    {
        var vectorizer = VectorizerFor(Training);

        Assert.Equal(vectorizer.Vectorize("CAFE CREME"), vectorizer.Vectorize("café crème"), VectorComparer);
        int[] Words(string text) => [.. vectorizer.Vectorize(text).Indices.Where(s => s >= vectorizer.CharacterSlots)];
        // "which bone" is a training bigram, "bone which" is not; an unknown word adds no slot and breaks the bigram.
        Assert.Equal(3, Words("which bone").Length);
        Assert.Equal(2, Words("bone which").Length);
        Assert.Equal(Words("bone which"), Words("which qqq bone"));
        var known = vectorizer.Vectorize("which bone");
        var withUnknown = vectorizer.Vectorize("which qqq bone");
        Assert.DoesNotContain(vectorizer.Vectorize("").Indices, s => s >= vectorizer.CharacterSlots);
        Assert.All(new[] { known, withUnknown }, v => Assert.Equal(v.Indices.Order(), v.Indices));
    }

    [Fact]
    public void WriteRead_RoundTrip_SameVectors()
    {
        var vectorizer = VectorizerFor(Training);

        var read = PromptTextVectorizer.Read(new BinaryReader(new MemoryStream(Serialized(vectorizer))));

        Assert.Equal(vectorizer.Length, read.Length);
        Assert.Equal(vectorizer.CharacterSlots, read.CharacterSlots);
        foreach (var text in Training.Append("Cafe bone eggs, unseen words"))
        {
            Assert.Equal(vectorizer.Vectorize(text), read.Vectorize(text), VectorComparer);
        }
    }

    [Fact]
    public void Read_Truncated_InvalidDataException()
    {
        var written = Serialized(VectorizerFor(Training));
        var truncated = written[..(written.Length / 2)];

        Assert.Throws<InvalidDataException>(() => PromptTextVectorizer.Read(new BinaryReader(new MemoryStream(truncated))));
    }

    private static readonly IEqualityComparer<Optimus.Core.Routing.SparseVector> VectorComparer = EqualityComparer<Optimus.Core.Routing.SparseVector>.Create(
        (a, b) => a.Indices.SequenceEqual(b.Indices) && a.Values.SequenceEqual(b.Values),
        v => v.Count);

    private static byte[] Serialized(PromptTextVectorizer vectorizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer))
        {
            vectorizer.Write(writer);
        }

        return buffer.ToArray();
    }

    /// <summary>A vectorizer fitted as training fits it (with ML.NET's folding table), on <paramref name="texts"/>.</summary>
    private static PromptTextVectorizer VectorizerFor(IReadOnlyList<string> texts) =>
        PromptTextScores.FitVectorizer(new MLContext(1), texts);

    private static VBuffer<float>[] MlNetFeatures(MLContext context, IReadOnlyList<string> training, IReadOnlyList<string> probes)
    {
        var options = new TextFeaturizingEstimator.Options
        {
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var featurizer = context.Transforms.Text.FeaturizeText("Features", options, nameof(TextRow.Text))
            .Fit(context.Data.LoadFromEnumerable(training.Select(t => new TextRow { Text = t }).ToList()));
        // GetColumn reuses one buffer for every row: copy each.
        return featurizer.Transform(context.Data.LoadFromEnumerable(probes.Select(t => new TextRow { Text = t }).ToList()))
            .GetColumn<VBuffer<float>>("Features")
            .Select(v =>
            {
                var copy = default(VBuffer<float>);
                v.CopyTo(ref copy);
                return copy;
            })
            .ToArray();
    }

    private sealed class TextRow
    {
        public string Text { get; set; } = "";
    }
}
