namespace Optimus.Core.Economics;

/// <summary>
/// Money as whole nanodollars in a <see cref="long"/>: exact sums, so that charges, shares and reimbursements reconcile
/// to the unit (a request of 300 tokens at $0.20 per million is 60,000 nanodollars; a long holds $9.2 billion).
/// </summary>
public static class NanoDollars
{
    public const long PerDollar = 1_000_000_000;

    public static long FromDollars(double dollars) => (long)Math.Round(dollars * PerDollar, MidpointRounding.AwayFromZero);

    public static double ToDollars(long nanoDollars) => nanoDollars / (double)PerDollar;

    /// <summary>The charge for <paramref name="tokens"/> at <paramref name="dollarsPerMillionTokens"/>, rounded to the nanodollar.</summary>
    public static long ForTokens(double tokens, double dollarsPerMillionTokens) =>
        (long)Math.Round(tokens * dollarsPerMillionTokens * (PerDollar / 1e6), MidpointRounding.AwayFromZero);
}
