using Microsoft.ML;
using Microsoft.ML.Data;
using Optimus.Routing.Model;

namespace Optimus.Routing.Tests.Model;

[Collection(SharedRouter.Name)]
public sealed class PromptTextScoresTests(RouterFixture fixture)
{
    [Fact]
    public void Text_SubjectKnownOrNot_PrefixesASubjectTokenOnlyWhenKnown()
    {
        Assert.Equal("SUBJmmlu_anatomy Which bone?", PromptTextScores.Text("Which bone?", "mmlu/anatomy"));
        Assert.Equal("Which bone?", PromptTextScores.Text("Which bone?", null));
    }

    [Fact]
    public void Fit_TrainingRows_ScoresEachOutOfFoldNotInSample()
    {
        var rows = fixture.TrainingRows.Where((_, i) => i % 8 == 0).ToList();
        var examples = rows.Select(r => new RouterExample
        {
            Prompt = r.Prompt,
            Text = PromptTextScores.Text(r.Prompt, r.Subject),
            Signals = new float[RouterFeaturizer.PromptFeatureNames.Count],
            WeakCorrect = r.Outcome.WeakCorrect,
            StrongCorrect = r.Outcome.StrongCorrect,
        }).ToList();
        var context = new MLContext(RouterFixture.Seed);

        var (vectorizer, chain, outOfFold) = PromptTextScores.Fit(context, examples, rows);

        Assert.Equal(rows.Count, outOfFold.Length);
        Assert.All(outOfFold, s => Assert.Equal(PromptTextScores.FeatureNames.Count, s.Length));
        // The full-data models have seen every row; the trees must learn from scores of models that had not.
        var promptRows = examples.Select(e => new PromptRow
        {
            TextFeatures = PromptTextScores.ToVBuffer(vectorizer.Vectorize(e.Text), vectorizer.Length),
            Signals = e.Signals,
        });
        var inSample = chain.Transform(PromptTextScores.Load(context, promptRows, vectorizer.Length, RouterFeaturizer.PromptFeatureNames.Count))
            .GetColumn<float>(PromptTextScores.TreeInputColumns[1]).ToArray();
        Assert.NotEqual(inSample, outOfFold.Select(s => s[0]).ToArray());
    }

    [Fact]
    public void ScorePrompt_HeldOutRows_EqualsTheMlNetPromptModel()
    {
        // The request path scores from the models' parameters; it must give what ML.NET's own pipeline gives.
        using var router = Router.Load(fixture.RouterPath);
        var context = new MLContext(RouterFixture.Seed);
        var sample = fixture.TestRows.Where((_, i) => i % 10 == 0).ToList();
        var promptRows = sample.Select(r => new PromptRow
        {
            TextFeatures = PromptTextScores.ToVBuffer(router.Vectorizer.Vectorize(PromptTextScores.Text(r.Prompt, r.Subject)), router.Vectorizer.Length),
            Signals = router.Featurizer.PromptFeatures(r.Prompt, r.Subject),
        });

        var expected = router.PromptModel.Transform(PromptTextScores.Load(context, promptRows, router.Vectorizer.Length, RouterFeaturizer.PromptFeatureNames.Count))
            .GetColumn<float>(nameof(RouterPrediction.Score)).ToArray();

        var actual = sample.Select(r => (float)router.ScorePrompt(r.Prompt, r.Subject)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6, $"row {i}: ML.NET {expected[i]}, request path {actual[i]}");
        }
    }

    [Fact]
    public void Manifest_SavedRouter_ListsTheTextScores()
    {
        using var router = Router.Load(fixture.RouterPath);

        Assert.Equal([.. RouterFeaturizer.PromptFeatureNames, .. PromptTextScores.FeatureNames], router.Manifest.PromptFeatures);
    }
}
