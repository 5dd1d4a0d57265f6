namespace Optimus.Simulator.Config;

/// <summary>A token-length distribution: log-normal (by median and σ of the log) or exponential (by mean), clipped.</summary>
/// <param name="Kind"><c>lognormal</c> or <c>exponential</c>.</param>
/// <param name="Median">Log-normal median; for <c>exponential</c>, the mean.</param>
/// <param name="Sigma">σ of the natural log (log-normal only).</param>
/// <param name="Min">Smallest value after clipping.</param>
/// <param name="Max">Largest value after clipping.</param>
public sealed record LengthDistribution(string Kind, double Median, double Sigma, double Min, double Max)
{
    public const string LogNormal = "lognormal";
    public const string Exponential = "exponential";
}
