namespace Optimus.Routing.Model;

/// <summary>
/// A router's thresholds and the held-out scores they were taken from, so that a new target share can be calibrated
/// again without the data.
/// </summary>
/// <param name="CloudShare">The target share of cloud calls the thresholds were set for.</param>
/// <param name="PromptThreshold">Prompt-stage scores at or above this go to the cloud before generation.</param>
/// <param name="ResponseThreshold">Response-stage scores at or above this escalate the edge answer to the cloud.</param>
/// <param name="PromptScores">Prompt-stage scores of the calibration rows, ascending.</param>
/// <param name="ResponseScores">Response-stage scores of the calibration rows that carry an edge answer, ascending.</param>
public sealed record RouterCalibration(
    double CloudShare,
    double PromptThreshold,
    double ResponseThreshold,
    IReadOnlyList<double> PromptScores,
    IReadOnlyList<double> ResponseScores);
