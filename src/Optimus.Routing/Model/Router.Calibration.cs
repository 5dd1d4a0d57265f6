using Microsoft.ML;
using Microsoft.ML.Data;
using Optimus.Core.Routing;
using Optimus.Routing.Data;

namespace Optimus.Routing.Model;

public sealed partial class Router
{
    /// <summary>
    /// Sets both stages' thresholds so that <paramref name="cloudShare"/> of <paramref name="calibrationRows"/> goes
    /// to the cloud (RouteLLM's quantile calibration), and keeps their scores for later recalibration.
    /// The rows must be ones the router was not trained on.
    /// </summary>
    public RouterCalibration Calibrate(IReadOnlyList<RoutingRow> calibrationRows, double cloudShare)
    {
        ArgumentNullException.ThrowIfNull(calibrationRows);
        var responseRows = calibrationRows.Where(r => r.WeakResponse is not null).ToList();
        if (calibrationRows.Count == 0 || responseRows.Count == 0)
        {
            throw new ArgumentException("Calibration needs rows, some of them with the weak model's response.", nameof(calibrationRows));
        }

        var promptScores = ScorePrompts(calibrationRows).Order().ToArray();
        var responseScores = ScoreResponses(responseRows).Order().ToArray();
        return SetCalibration(promptScores, responseScores, cloudShare);
    }

    /// <summary>Recalibrates to a new <paramref name="cloudShare"/> from the scores kept at the last calibration.</summary>
    /// <exception cref="InvalidOperationException">The router was never calibrated.</exception>
    public RouterCalibration Recalibrate(double cloudShare)
    {
        var previous = RequireCalibration();
        return SetCalibration(previous.PromptScores, previous.ResponseScores, cloudShare);
    }

    /// <summary>Prompt-stage scores of many rows, exactly as <see cref="ScorePrompt"/> gives them on the request path.</summary>
    public IReadOnlyList<double> ScorePrompts(IReadOnlyList<RoutingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return [.. rows.Select(r => ScorePrompt(r.Prompt, r.Subject))];
    }

    /// <summary>Response-stage scores of many rows at once; every row must carry the weak model's response.</summary>
    public IReadOnlyList<double> ScoreResponses(IReadOnlyList<RoutingRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var examples = rows.Select(r => new RouterExample
        {
            Prompt = r.Prompt,
            Response = r.WeakResponse ?? throw new ArgumentException("Every row needs the weak model's response.", nameof(rows)),
            Signals = Featurizer.ResponseFeatures(r.Prompt, r.Subject, r.WeakResponse),
        });
        var scored = ResponseModel.Transform(RouterSchema.Load(Context, examples.ToList(), RouterFeaturizer.ResponseFeatureNames.Count));
        return scored.GetColumn<float>(nameof(RouterPrediction.Score)).Select(s => (double)s).ToArray();
    }

    private RouterCalibration SetCalibration(IReadOnlyList<double> promptScores, IReadOnlyList<double> responseScores, double cloudShare)
    {
        var calibration = new RouterCalibration(
            cloudShare,
            ThresholdCalibration.ThresholdFor(promptScores, cloudShare),
            ThresholdCalibration.ThresholdFor(responseScores, cloudShare),
            promptScores,
            responseScores);
        Manifest = Manifest with { Calibration = calibration };
        return calibration;
    }

    internal void MarkHoldOut(double share, int seed) => Manifest = Manifest with { HoldOutShare = share, HoldOutSeed = seed };
}
