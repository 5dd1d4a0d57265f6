namespace Optimus.Routing.Evaluation;

/// <summary>A data set's evaluation: the learned router, the baselines, and how rows were held out.</summary>
/// <param name="DataSet">"gsm8k" or "mmlu".</param>
/// <param name="Split">How the rows were held out from training, in words.</param>
/// <param name="Learned">The learned router's curve: the figures reported for the set.</param>
/// <param name="Others">Baselines and other stages (simple signals, random, oracle), in display order.</param>
public sealed record DataSetEvaluation(string DataSet, string Split, RouterCurve Learned, IReadOnlyList<RouterCurve> Others)
{
    /// <summary>The learned router first, then the others.</summary>
    public IEnumerable<RouterCurve> All => Others.Prepend(Learned);
}
