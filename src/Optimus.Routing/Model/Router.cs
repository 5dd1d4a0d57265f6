using Microsoft.ML;

namespace Optimus.Routing.Model;

/// <summary>
/// A trained router: scores a query before generation (prompt stage) or after the edge model answered (response
/// stage, the cascade) and compares the score with the calibrated threshold of that stage. Scores are the predicted
/// accuracy gain from the cloud model; the same router file always gives the same scores and decisions.
/// </summary>
/// <remarks>
/// Thread-safe. The prompt stage, on the request path before generation, is scored by <see cref="PromptScorer"/>
/// from the models' parameters, concurrently; the response stage by an ML.NET prediction engine, which is not
/// thread-safe and so is used under a lock.
/// </remarks>
public sealed partial class Router : IDisposable
{
    private readonly Lock _responseLock = new();
    private readonly PromptScorer _promptScorer;
    private readonly PredictionEngine<RouterExample, RouterPrediction> _responseEngine;

    internal Router(MLContext context, ITransformer promptModel, PromptTextVectorizer vectorizer, ITransformer responseModel, RouterFeaturizer featurizer, RouterManifest manifest)
    {
        Context = context;
        PromptModel = promptModel;
        ResponseModel = responseModel;
        Featurizer = featurizer;
        Manifest = manifest;
        _promptScorer = PromptScorer.From(promptModel, vectorizer);
        _responseEngine = context.Model.CreatePredictionEngine<RouterExample, RouterPrediction>(
            responseModel, inputSchemaDefinition: RouterSchema.For(RouterFeaturizer.ResponseFeatureNames.Count));
    }

    /// <summary>Training settings, held-out split, base rates and calibration.</summary>
    public RouterManifest Manifest { get; private set; }

    internal MLContext Context { get; }

    /// <summary>The prompt stage as ML.NET models: the text chain, then the trees (see <see cref="RouterTrainer"/>).</summary>
    internal ITransformer PromptModel { get; }

    internal PromptTextVectorizer Vectorizer => _promptScorer.Vectorizer;

    internal ITransformer ResponseModel { get; }

    internal RouterFeaturizer Featurizer { get; }

    /// <summary>The prompt-stage score of <paramref name="prompt"/>; <paramref name="subject"/> is optional.</summary>
    public double ScorePrompt(string prompt, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return _promptScorer.Score(PromptTextScores.Text(prompt, subject), Featurizer.PromptFeatures(prompt, subject));
    }

    /// <summary>The response-stage score of the edge model's <paramref name="response"/> to <paramref name="prompt"/>.</summary>
    public double ScoreResponse(string prompt, string response, string? subject = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(response);
        var example = new RouterExample
        {
            Prompt = prompt,
            Response = response,
            Signals = Featurizer.ResponseFeatures(prompt, subject, response),
        };
        lock (_responseLock)
        {
            return _responseEngine.Predict(example).Score;
        }
    }

    /// <summary>Decides before generation: cloud when the prompt score reaches the prompt threshold.</summary>
    /// <exception cref="InvalidOperationException">The router has not been calibrated.</exception>
    public RouteDecision RouteBeforeGeneration(string prompt, string? subject = null)
    {
        var threshold = RequireCalibration().PromptThreshold;
        var score = ScorePrompt(prompt, subject);
        return new RouteDecision(score >= threshold ? RouteTier.Cloud : RouteTier.Edge, score, threshold, RouteStage.Prompt);
    }

    /// <summary>Decides after the edge model answered: escalate when the response score reaches its threshold.</summary>
    /// <exception cref="InvalidOperationException">The router has not been calibrated.</exception>
    public RouteDecision RouteAfterGeneration(string prompt, string response, string? subject = null)
    {
        var threshold = RequireCalibration().ResponseThreshold;
        var score = ScoreResponse(prompt, response, subject);
        return new RouteDecision(score >= threshold ? RouteTier.Cloud : RouteTier.Edge, score, threshold, RouteStage.Response);
    }

    /// <summary>Writes the router file (see <see cref="RouterFile"/>).</summary>
    public void Save(string path) => RouterFile.Save(this, path);

    /// <summary>Reads a router file written by <see cref="Save"/>.</summary>
    public static Router Load(string path) => RouterFile.Load(path);

    public void Dispose() => _responseEngine.Dispose();

    private RouterCalibration RequireCalibration() =>
        Manifest.Calibration ?? throw new InvalidOperationException("The router is not calibrated: run `optimus router calibrate --cloud-share P`.");
}
