using Optimus.Simulator.Config;
using Optimus.Simulator.Model;

namespace Optimus.Simulator.Tests.Simulation;

/// <summary>Configs and a runner for the simulation tests.</summary>
internal static class TestConfigs
{
    public static SimulationConfig Default => SimulationConfig.Default;

    /// <summary>Demand scaled down (the shape kept) so that runs with k = 1 stay quick.</summary>
    public static SimulationConfig LightDemand(double factor = 0.1) => Default with
    {
        Workload = Default.Workload with
        {
            InteractiveRequestsPerVehicleDay = Default.Workload.InteractiveRequestsPerVehicleDay * factor,
            BatchRequestsPerVehicleDay = Default.Workload.BatchRequestsPerVehicleDay * factor,
        },
    };

    /// <summary>No requests at all: the availability model alone.</summary>
    public static SimulationConfig NoDemand => LightDemand(0);

    /// <summary>
    /// A fixed fleet for queueing theory: every vehicle home, plugged in and opted in for the whole run with no rule
    /// that could stop it, one UTC region, a flat demand curve, no prompt (no prefill), no network, no cloud, an
    /// exponential answer length and an unbounded queue: M/M/c with c = vehicles × slots.
    /// </summary>
    public static SimulationConfig FixedFleet(double requestsPerVehicleDay, double meanOutputTokens) => Default with
    {
        Regions = [new RegionConfig("utc", "UTC", 1, 0.15)],
        Fleet = Default.Fleet with { HomeChargingAccess = 1, OptInRate = 1, RobotaxiShare = 0 },
        Charging = Default.Charging with
        {
            PlugInNightsPerWeekMin = 7,
            PlugInNightsPerWeekMax = 7,
            HomeDwellHoursMin = 100_000,
            HomeDwellHoursMax = 100_000,
            AwayPlugInProbability = 0,
        },
        Trips = Default.Trips with { StayHomeDayProbability = 0 },
        Policies = Default.Policies with { ChargeFloors = [new(0, 1)], HoursShare = 0, EnergyCapShare = 0 },
        Workload = Default.Workload with
        {
            InteractiveRequestsPerVehicleDay = requestsPerVehicleDay,
            InteractiveCurve = Enumerable.Repeat(1.0, 24).ToArray(),
            BatchRequestsPerVehicleDay = 0,
            PromptTokens = new(LengthDistribution.Exponential, 1, 0, 0, 0),
            OutputTokens = new(LengthDistribution.Exponential, meanOutputTokens, 0, 0, 1e9),
            CloudShare = 0,
            CloudEnabled = false,
            MaxQueueWaitSeconds = 1e9,
            NetworkRttMs = 0,
        },
    };

    public static SimulationResult Run(SimulationConfig config, int vehicles, double days, int seed, int? samplingFactor = null) =>
        new Model.Simulation(config, RunSettings.Create(vehicles, days, seed, samplingFactor)).Run();
}
