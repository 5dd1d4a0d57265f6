namespace Optimus.Core.Economics;

/// <summary>
/// Power at the wall and what the energy costs. Energy is kept in whole microjoules (watts × microseconds) so that
/// per-vehicle and per-hour sums are exact and reconcile.
/// </summary>
public static class Energy
{
    /// <summary>Microjoules in one kilowatt-hour.</summary>
    public const double MicrojoulesPerKWh = 3.6e12;

    /// <summary>
    /// A serving vehicle's draw at the wall: its inference computer (<c>HardwareProfile.PowerWatts</c>, 100–160 W, #6)
    /// plus the rest of the car kept awake (whole car awake ≈ 250–300 W, #7).
    /// </summary>
    public static int ServingWatts(double computerWatts, double awakeOverheadWatts) =>
        (int)Math.Round(computerWatts + awakeOverheadWatts, MidpointRounding.AwayFromZero);

    /// <summary>Energy of <paramref name="watts"/> drawn for <paramref name="micros"/> microseconds, in microjoules.</summary>
    public static long Microjoules(int watts, long micros) => watts * micros;

    public static double ToKWh(long microjoules) => microjoules / MicrojoulesPerKWh;

    /// <summary>What <paramref name="microjoules"/> cost at <paramref name="dollarsPerKWh"/>, in nanodollars.</summary>
    public static long CostNanoDollars(long microjoules, double dollarsPerKWh) =>
        (long)Math.Round(ToKWh(microjoules) * dollarsPerKWh * NanoDollars.PerDollar, MidpointRounding.AwayFromZero);
}
