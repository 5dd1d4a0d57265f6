using Optimus.Core.Randomness;
using Optimus.Simulator.Config;

namespace Optimus.Simulator.Engine;

/// <summary>Samples from the distributions the model uses, from Core's seeded <see cref="IRandomSource"/> only.</summary>
internal static class Draw
{
    public static double Uniform(IRandomSource random, double min, double max) => min + ((max - min) * random.NextDouble());

    public static bool Chance(IRandomSource random, double probability) => random.NextDouble() < probability;

    /// <summary>Exponential with the given mean (inverse transform; 1 − U avoids log 0).</summary>
    public static double Exponential(IRandomSource random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    /// <summary>Standard normal by Box–Muller (one value per call: simpler to replay than caching the pair).</summary>
    public static double StandardNormal(IRandomSource random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double Normal(IRandomSource random, double mean, double sd) => mean + (sd * StandardNormal(random));

    public static double LogNormal(IRandomSource random, double median, double sigma) => median * Math.Exp(sigma * StandardNormal(random));

    public static double Length(IRandomSource random, LengthDistribution d)
    {
        var value = d.Kind == LengthDistribution.Exponential ? Exponential(random, d.Median) : LogNormal(random, d.Median, d.Sigma);
        return Math.Clamp(value, d.Min, d.Max);
    }

    public static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        return weights.Select(w => sum += w).ToArray();
    }
}
