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

        var (chain, outOfFold) = PromptTextScores.Fit(context, examples, rows, RouterFeaturizer.PromptFeatureNames.Count);

        Assert.Equal(rows.Count, outOfFold.Length);
        Assert.All(outOfFold, s => Assert.Equal(PromptTextScores.FeatureNames.Count, s.Length));
        // The full-data models have seen every row; the trees must learn from scores of models that had not.
        var inSample = chain.Transform(RouterSchema.Load(context, examples, RouterFeaturizer.PromptFeatureNames.Count))
            .GetColumn<float>(PromptTextScores.TreeInputColumns[1]).ToArray();
        Assert.NotEqual(inSample, outOfFold.Select(s => s[0]).ToArray());
    }

    [Fact]
    public void Manifest_SavedRouter_ListsTheTextScores()
    {
        using var router = Router.Load(fixture.RouterPath);

        Assert.Equal([.. RouterFeaturizer.PromptFeatureNames, .. PromptTextScores.FeatureNames], router.Manifest.PromptFeatures);
    }
}
