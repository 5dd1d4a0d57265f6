using Optimus.Core.Routing;
using Optimus.Routing.Data;

namespace Optimus.Routing.Model;

/// <summary>
/// The JSON part of a router file: how the router was trained, which rows it did not see, its features, the subject
/// base rates it learned and its calibration.
/// </summary>
public sealed record RouterManifest
{
    /// <summary>
    /// The router file format this code reads and writes (2: the prompt stage reads the text, for its stacked text
    /// scores; 3: the router's own text vectorizer instead of ML.NET's, so that the request path needs no ML.NET).
    /// </summary>
    public const string CurrentFormat = "optimus-router/3";

    public string Format { get; init; } = CurrentFormat;

    public RouterTrainingOptions Training { get; init; } = new();

    /// <summary>Training rows per data set.</summary>
    public IReadOnlyDictionary<string, int> TrainingRows { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// The share of the data that <c>router train</c> held out by <see cref="StableSplit.IsHeldOut"/> with
    /// <see cref="HoldOutSeed"/>: calibration and evaluation of this file use only those rows. 0 when the caller
    /// chose the training rows.
    /// </summary>
    public double HoldOutShare { get; init; }

    public int HoldOutSeed { get; init; }

    public IReadOnlyList<string> PromptFeatures { get; init; } = [];

    public IReadOnlyList<string> ResponseFeatures { get; init; } = [];

    public SubjectRates OverallRates { get; init; } = new(0, 0, 0);

    public IReadOnlyDictionary<string, SubjectRates> SubjectRates { get; init; } = new Dictionary<string, SubjectRates>();

    /// <summary>Null until the router is calibrated.</summary>
    public RouterCalibration? Calibration { get; init; }

    internal static RouterManifest Create(RouterTrainingOptions options, IReadOnlyList<RoutingRow> trainingRows, SubjectBaseRates rates) => new()
    {
        Training = options,
        TrainingRows = trainingRows.GroupBy(r => r.DataSet, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        PromptFeatures = [.. RouterFeaturizer.PromptFeatureNames, .. PromptTextScores.FeatureNames],
        ResponseFeatures = RouterFeaturizer.ResponseFeatureNames,
        OverallRates = rates.Overall,
        SubjectRates = rates.Subjects,
    };

    /// <summary>Whether this file's training left <paramref name="row"/> out.</summary>
    public bool IsHeldOut(RoutingRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return HoldOutShare > 0 && StableSplit.IsHeldOut(row.Prompt, HoldOutSeed, HoldOutShare);
    }
}
