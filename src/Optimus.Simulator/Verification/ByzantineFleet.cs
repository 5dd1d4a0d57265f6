using System.Globalization;
using Optimus.Core.Randomness;
using Optimus.Simulator.Engine;

namespace Optimus.Simulator.Verification;

/// <summary>
/// The population of the byzantine evaluation: each vehicle's pool (hardware class and model build), owner and kind,
/// a probabilistic cheater's error probability, and the colluding groups (all members in one pool, under one fake owner
/// or one sybil owner each). Drawn from one random stream, so a seed gives the same fleet.
/// </summary>
internal sealed class ByzantineFleet
{
    private ByzantineFleet(int vehicles)
    {
        Kind = new ByzantineKind[vehicles];
        WrongProbability = new double[vehicles];
        Group = new int[vehicles];
        Pool = new int[vehicles];
        VehicleId = new string[vehicles];
        OwnerId = new string[vehicles];
        Array.Fill(Group, -1);
    }

    public int Count => Kind.Length;

    public ByzantineKind[] Kind { get; }

    public double[] WrongProbability { get; }

    /// <summary>The colluding group of each vehicle, or -1.</summary>
    public int[] Group { get; }

    public int[] Pool { get; }

    public string[] VehicleId { get; }

    public string[] OwnerId { get; }

    public List<int[]> GroupMembers { get; } = [];

    /// <summary>Whether each group sleeps until proven (else it is always wrong).</summary>
    public List<bool> GroupSleeps { get; } = [];

    /// <summary>Whether each group's members share one fake owner.</summary>
    public List<bool> GroupSharesOwner { get; } = [];

    public static ByzantineFleet Build(ByzantineFleetConfig config, IRandomSource random)
    {
        var n = config.Vehicles;
        var fleet = new ByzantineFleet(n);
        var poolCumulative = Draw.Cumulative(config.Pools.Select(p => p.Share));
        for (var v = 0; v < n; v++)
        {
            var u = random.NextDouble() * poolCumulative[^1];
            var pool = 0;
            while (pool < poolCumulative.Length - 1 && u >= poolCumulative[pool])
            {
                pool++;
            }

            fleet.Pool[v] = pool;
            fleet.VehicleId[v] = "v" + v.ToString(CultureInfo.InvariantCulture);
            fleet.OwnerId[v] = "o" + (v / config.VehiclesPerOwner).ToString(CultureInfo.InvariantCulture);
        }

        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var byzantine = (int)Math.Round(n * config.ByzantineShare);
        var sum = config.AlwaysWrongShare + config.ProbabilisticShare + config.SleeperShare + config.ColluderShare;
        var always = (int)Math.Round(byzantine * config.AlwaysWrongShare / sum);
        var probabilistic = (int)Math.Round(byzantine * config.ProbabilisticShare / sum);
        var sleepers = Math.Min(byzantine - always - probabilistic, (int)Math.Round(byzantine * config.SleeperShare / sum));
        var next = 0;
        for (var i = 0; i < always; i++)
        {
            fleet.Kind[order[next++]] = ByzantineKind.AlwaysWrong;
        }

        for (var i = 0; i < probabilistic; i++)
        {
            var v = order[next++];
            fleet.Kind[v] = ByzantineKind.Probabilistic;
            fleet.WrongProbability[v] = Draw.Uniform(random, config.WrongProbabilityMin, config.WrongProbabilityMax);
        }

        for (var i = 0; i < sleepers; i++)
        {
            fleet.Kind[order[next++]] = ByzantineKind.Sleeper;
        }

        fleet.BuildGroups(config, random, order.AsSpan(next, byzantine - next));
        return fleet;
    }

    private void BuildGroups(ByzantineFleetConfig config, IRandomSource random, ReadOnlySpan<int> colluders)
    {
        var at = 0;
        while (at < colluders.Length)
        {
            var left = colluders.Length - at;
            var size = Math.Min(left, config.GroupSizeMin + random.NextInt(config.GroupSizeMax - config.GroupSizeMin + 1));
            if (left - size < config.GroupSizeMin)
            {
                size = left;
            }

            var group = GroupMembers.Count;
            var members = colluders.Slice(at, size).ToArray();
            at += size;
            var sharesOwner = Draw.Chance(random, config.SharedOwnerGroupShare);
            GroupMembers.Add(members);
            GroupSleeps.Add(Draw.Chance(random, config.SleepingGroupShare));
            GroupSharesOwner.Add(sharesOwner);
            foreach (var v in members)
            {
                Kind[v] = ByzantineKind.Colluder;
                Group[v] = group;
                Pool[v] = Pool[members[0]];
                OwnerId[v] = sharesOwner
                    ? "g" + group.ToString(CultureInfo.InvariantCulture)
                    : "s" + v.ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
