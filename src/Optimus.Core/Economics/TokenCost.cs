namespace Optimus.Core.Economics;

/// <summary>Dollars per million tokens from an hourly cost and a throughput.</summary>
public static class TokenCost
{
    /// <summary>
    /// $/Mtok of a device costing <paramref name="dollarsPerHour"/> that serves <paramref name="tokensPerSecond"/> at full
    /// load, used at <paramref name="utilisation"/> (0 to 1) of that; infinity when it serves nothing.
    /// </summary>
    public static double PerMillionTokens(double dollarsPerHour, double tokensPerSecond, double utilisation)
    {
        var tokensPerHour = tokensPerSecond * 3600 * utilisation;
        return tokensPerHour <= 0 ? double.PositiveInfinity : dollarsPerHour / tokensPerHour * 1e6;
    }

    /// <summary>$/Mtok of a total cost over a total number of tokens.</summary>
    public static double PerMillionTokens(double dollars, double tokens) =>
        tokens <= 0 ? double.PositiveInfinity : dollars / tokens * 1e6;
}
