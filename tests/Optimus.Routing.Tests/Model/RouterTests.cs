using Optimus.Core.Routing;
using Optimus.Routing.Data;
using Optimus.Routing.Model;

namespace Optimus.Routing.Tests.Model;

[Collection(SharedRouter.Name)]
public sealed class RouterTests(RouterFixture fixture)
{
    [Fact]
    public void Calibrate_HeldOutRows_HitsTargetCloudShareWithinTwoPoints()
    {
        using var router = Router.Load(fixture.RouterPath);
        // The file keeps the calibration rows' scores; recalibrating from them is what `router calibrate` does.
        var testPromptScores = router.ScorePrompts(fixture.TestRows);

        foreach (var target in new[] { 0.1, 0.3, 0.5, 0.8 })
        {
            var calibration = router.Recalibrate(target);

            var share = ThresholdCalibration.CloudShare(testPromptScores, calibration.PromptThreshold);
            Assert.True(Math.Abs(share - target) <= 0.02,
                $"target {target:P0}: {share:P2} of {testPromptScores.Count} held-out prompts go to the cloud (seed {RouterFixture.Seed})");
        }
    }

    [Fact]
    public void Calibrate_HeldOutEdgeAnswers_HitsTargetWithinSamplingError()
    {
        using var router = Router.Load(fixture.RouterPath);
        var answered = fixture.TestRows.Where(r => r.WeakResponse is not null).ToList();
        var scores = router.ScoreResponses(answered);
        var calibrationCount = router.Manifest.Calibration!.ResponseScores.Count;

        foreach (var target in new[] { 0.1, 0.3, 0.5 })
        {
            var calibration = router.Recalibrate(target);

            // Only GSM8K has edge answers: ~400 rows on each side, so two standard errors of the share
            // difference are about ±6 points at 50%; the prompt stage above shows the ±2 points on 4,600 rows.
            var share = ThresholdCalibration.CloudShare(scores, calibration.ResponseThreshold);
            var tolerance = 2 * Math.Sqrt(target * (1 - target) * ((1.0 / answered.Count) + (1.0 / calibrationCount)));
            Assert.True(Math.Abs(share - target) <= tolerance,
                $"target {target:P0}: {share:P2} of {answered.Count} held-out edge answers escalate (±{tolerance:P1}, seed {RouterFixture.Seed})");
        }
    }

    [Fact]
    public void Load_SameRouterFile_SameScoresAndDecisions()
    {
        using var first = Router.Load(fixture.RouterPath);
        using var second = Router.Load(fixture.RouterPath);
        var sample = fixture.TestRows.Where((_, i) => i % 25 == 0).ToList();
        var batch = first.ScorePrompts(sample);

        for (var i = 0; i < sample.Count; i++)
        {
            var row = sample[i];
            var decision = first.RouteBeforeGeneration(row.Prompt, row.Subject);
            Assert.Equal(decision, second.RouteBeforeGeneration(row.Prompt, row.Subject));
            Assert.Equal(decision, fixture.Router.RouteBeforeGeneration(row.Prompt, row.Subject));
            Assert.Equal(batch[i], decision.Score);
            if (row.WeakResponse is { } answer)
            {
                Assert.Equal(first.RouteAfterGeneration(row.Prompt, answer, row.Subject), second.RouteAfterGeneration(row.Prompt, answer, row.Subject));
            }
        }

        Assert.Contains(sample, r => first.RouteBeforeGeneration(r.Prompt, r.Subject).Tier == RouteTier.Cloud);
        Assert.Contains(sample, r => first.RouteBeforeGeneration(r.Prompt, r.Subject).Tier == RouteTier.Edge);
    }

    [Fact]
    public void Train_SameRowsAndSeed_SameScores()
    {
        var rows = fixture.TrainingRows.Where((_, i) => i % 4 == 0).ToList();
        var probe = fixture.TestRows.Where((_, i) => i % 50 == 0).ToList();
        var answered = probe.Where(r => r.WeakResponse is not null).ToList();

        using var first = RouterTrainer.Train(rows, new RouterTrainingOptions(Seed: 5));
        using var second = RouterTrainer.Train(rows, new RouterTrainingOptions(Seed: 5));

        Assert.Equal(first.ScorePrompts(probe), second.ScorePrompts(probe));
        Assert.Equal(first.ScoreResponses(answered), second.ScoreResponses(answered));
    }

    [Fact]
    public void RouteBeforeGeneration_Uncalibrated_ThrowsWithHint()
    {
        var rows = fixture.TrainingRows.Where((_, i) => i % 10 == 0).ToList();
        using var router = RouterTrainer.Train(rows);

        var error = Assert.Throws<InvalidOperationException>(() => router.RouteBeforeGeneration("What is 2+2?"));

        Assert.Contains("calibrate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_SavedRouter_RecordsCalibrationAndRates()
    {
        using var router = Router.Load(fixture.RouterPath);

        Assert.Equal(RouterManifest.CurrentFormat, router.Manifest.Format);
        Assert.Equal(RouterFixture.CloudShare, router.Manifest.Calibration!.CloudShare);
        Assert.Equal(fixture.CalibrationRows.Count, router.Manifest.Calibration.PromptScores.Count);
        Assert.Contains("mmlu/anatomy", router.Manifest.SubjectRates.Keys);
        Assert.Equal(fixture.TrainingRows.Count(r => r.DataSet == RoutingDataSets.Gsm8k), router.Manifest.TrainingRows[RoutingDataSets.Gsm8k]);
    }

    [Fact]
    public void Load_NotARouterFile_ThrowsInvalidData()
    {
        var path = Path.Combine(fixture.WorkDirectory, "not-a-router.zip");
        File.WriteAllText(path, "hello");

        Assert.Throws<InvalidDataException>(() => Router.Load(path));
        Assert.Throws<FileNotFoundException>(() => Router.Load(Path.Combine(fixture.WorkDirectory, "missing.zip")));
    }

    [Fact]
    public void Load_OlderFormat_ThrowsInvalidDataSayingToRetrain()
    {
        var path = Path.Combine(fixture.WorkDirectory, "older-format.zip");
        File.Copy(fixture.RouterPath, path, overwrite: true);
        using (var archive = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = archive.GetEntry("router.json")!;
            string manifest;
            using (var reader = new StreamReader(entry.Open()))
            {
                manifest = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(archive.CreateEntry("router.json").Open());
            writer.Write(manifest.Replace(RouterManifest.CurrentFormat, "optimus-router/2", StringComparison.Ordinal));
        }

        var error = Assert.Throws<InvalidDataException>(() => Router.Load(path));

        Assert.Contains("optimus-router/2", error.Message, StringComparison.Ordinal);
        Assert.Contains("optimus router train", error.Message, StringComparison.Ordinal);
    }
}
