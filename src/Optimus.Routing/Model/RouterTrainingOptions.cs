namespace Optimus.Routing.Model;

/// <summary>How a router is trained. The defaults are the ones the evaluation reports.</summary>
/// <param name="Seed">Seeds ML.NET (and so FastTree); the same rows and seed give the same router.</param>
/// <param name="Trees">Boosted trees per stage.</param>
/// <param name="Leaves">Leaves per tree.</param>
/// <param name="LearningRate">Boosting learning rate.</param>
/// <param name="PromptMinLeafRows">Fewest training rows in a leaf of the prompt-stage model: MMLU's signal is weak
/// beyond the subject, so its leaves must stay large to avoid chasing noise.</param>
/// <param name="ResponseMinLeafRows">Fewest training rows in a leaf of the response-stage model.</param>
/// <param name="RowSubsample">Share of training rows each tree sees (stochastic gradient boosting); 1 for all.</param>
/// <param name="FeatureSubsample">Share of features each tree may split on; 1 for all.</param>
public sealed record RouterTrainingOptions(
    int Seed = RouterTrainingOptions.DefaultSeed,
    int Trees = 100,
    int Leaves = 16,
    double LearningRate = 0.05,
    int PromptMinLeafRows = 100,
    int ResponseMinLeafRows = 20,
    double RowSubsample = 0.7,
    double FeatureSubsample = 0.7)
{
    /// <summary>The seed used when none is given.</summary>
    public const int DefaultSeed = 42;
}
