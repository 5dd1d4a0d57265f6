using Optimus.Core.Vehicles;
using Optimus.Simulator.Config;

namespace Optimus.Simulator.Model;

/// <summary>
/// The distinct Core <see cref="OwnerPolicy"/> instances of a run (region × opt-out × floor × hours × cap, and each
/// region's robotaxi policy), shared by every vehicle that has them; vehicles hold an index.
/// </summary>
internal sealed class PolicyTable
{
    private readonly List<OwnerPolicy> _policies = [];
    private readonly Dictionary<OwnerPolicy, short> _index = [];

    public PolicyTable(SimulationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Hours = WeeklyHours.Parse(config.Policies.Hours);
        PluggedInOnly = config.Policies.PluggedInOnly;
    }

    public WeeklyHours Hours { get; }

    public bool PluggedInOnly { get; }

    public int Count => _policies.Count;

    public OwnerPolicy this[int index] => _policies[index];

    public short OptedOut(string timeZone) => Intern(new OwnerPolicy(PluggedInOnly, 0, null, timeZone, 0, OptedOut: true));

    public short OptedIn(string timeZone, double floor, bool hours, double capWh) =>
        Intern(new OwnerPolicy(PluggedInOnly, floor, hours ? Hours : null, timeZone, capWh));

    /// <summary>The fleet operator's policy for its robotaxis: compute between rides on battery, above a floor.</summary>
    public short Robotaxi(string timeZone, double floor) => Intern(new OwnerPolicy(PluggedInOnly: false, floor, null, timeZone));

    private short Intern(OwnerPolicy policy)
    {
        if (!_index.TryGetValue(policy, out var index))
        {
            index = checked((short)_policies.Count);
            _policies.Add(policy);
            _index.Add(policy, index);
        }

        return index;
    }
}
