using Optimus.Core.Economics;
using Optimus.Core.Randomness;
using Optimus.Simulator.Config;
using Optimus.Simulator.Engine;

namespace Optimus.Simulator.Model;

/// <summary>
/// Draws the fleet from the config: region, hardware, robotaxi or private car, home charging, plug-in habit, opt-in and
/// the owner's rules. Every vehicle consumes the same number of draws whatever its outcomes, so runs that differ in one
/// share (say the opt-in rate) keep the same vehicles otherwise: common random numbers make sweeps comparable.
/// </summary>
internal static class PopulationBuilder
{
    private const int DrawsPerVehicle = 10;

    /// <summary>What a vehicle of each entry of the hardware mix serves, by Core's DevicePerformance.</summary>
    public static ServingCapacity[] Capacities(SimulationConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Fleet.Hardware.Select(h =>
        {
            var profile = Profile(config, h.Profile);
            return DevicePerformance.Evaluate(profile.ToProfile(config.Device.MemoryPerDieGiBOverride), profile.TopsPerDie, config.Device.Model, config.Device.Serving);
        }).ToArray();
    }

    public static HardwareProfileConfig Profile(SimulationConfig config, string name) =>
        config.Device.Profiles.First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public static (FleetState Fleet, ServerState Servers) Build(
        SimulationConfig config, RunSettings run, PolicyTable policies, ServingCapacity[] capacities, IRandomSource random)
    {
        var fleet = new FleetState(run.Vehicles);
        var servers = new ServerState(((run.Vehicles - 1) / run.SamplingFactor) + 1);
        var regions = Draw.Cumulative(config.Regions.Select(r => r.Share));
        var hardware = Draw.Cumulative(config.Fleet.Hardware.Select(h => h.Share));
        var floors = Draw.Cumulative(config.Policies.ChargeFloors.Select(f => f.Share));
        var watts = config.Fleet.Hardware
            .Select(h => Energy.ServingWatts(Profile(config, h.Profile).PowerWatts, config.Device.AwakeOverheadWatts)).ToArray();
        var u = new double[DrawsPerVehicle];
        var charging = config.Charging;
        for (var v = 0; v < run.Vehicles; v++)
        {
            for (var i = 0; i < u.Length; i++)
            {
                u[i] = random.NextDouble();
            }

            var region = Pick(regions, u[0]);
            var zone = config.Regions[region].TimeZone;
            fleet[v].Region = (byte)region;
            var hw = Pick(hardware, u[1]);
            fleet[v].Hardware = (byte)hw;
            var robotaxi = u[2] < config.Fleet.RobotaxiShare;
            fleet[v].IsRobotaxi = robotaxi;
            fleet[v].HomeAccess = !robotaxi && u[3] < config.Fleet.HomeChargingAccess;
            fleet[v].PlugProbability = (float)((charging.PlugInNightsPerWeekMin + ((charging.PlugInNightsPerWeekMax - charging.PlugInNightsPerWeekMin) * u[4])) / 7);
            if (robotaxi)
            {
                fleet[v].Policy = policies.Robotaxi(zone, config.Robotaxi.ChargeFloor);
            }
            else if (u[5] < config.Fleet.OptInRate)
            {
                var floor = config.Policies.ChargeFloors[Pick(floors, u[6])].Floor;
                var cap = u[8] < config.Policies.EnergyCapShare ? config.Policies.DailyEnergyCapWh : 0;
                fleet[v].Policy = policies.OptedIn(zone, floor, u[7] < config.Policies.HoursShare, cap);
            }
            else
            {
                fleet[v].Policy = policies.OptedOut(zone);
            }

            fleet[v].Soc = (float)(0.4 + (0.5 * u[9]));
            if (v % run.SamplingFactor == 0)
            {
                var s = v / run.SamplingFactor;
                fleet[v].Server = s;
                servers.Configure(s, v, capacities[hw], watts[hw]);
            }
        }

        return (fleet, servers);
    }

    private static int Pick(double[] cumulative, double u)
    {
        var x = u * cumulative[^1];
        for (var i = 0; i < cumulative.Length - 1; i++)
        {
            if (x < cumulative[i])
            {
                return i;
            }
        }

        return cumulative.Length - 1;
    }
}
