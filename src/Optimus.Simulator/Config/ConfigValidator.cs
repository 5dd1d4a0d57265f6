using System.Globalization;
using Optimus.Core.Vehicles;

namespace Optimus.Simulator.Config;

/// <summary>Checks a config and run settings before a run, collecting every problem rather than the first.</summary>
public static class ConfigValidator
{
    public static IReadOnlyList<string> Validate(SimulationConfig config, RunSettings run)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(run);
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        void Share(double value, string name) => Check(value is >= 0 and <= 1, $"{name} must be between 0 and 1 (got {Show(value)}).");

        Check(run.Vehicles is >= 1 and <= 50_000_000, $"--vehicles must be between 1 and 50,000,000 (got {run.Vehicles}).");
        Check(run.Days is > 0 and <= 366, $"--days must be above 0 and at most 366 (got {Show(run.Days)}).");
        Check(run.SamplingFactor >= 1, $"--sampling-factor must be at least 1 (got {run.SamplingFactor}).");
        Share(config.Fleet.HomeChargingAccess, "fleet.homeChargingAccess");
        Share(config.Fleet.OptInRate, "fleet.optInRate");
        Share(config.Fleet.RobotaxiShare, "fleet.robotaxiShare");
        Share(config.Workload.CloudShare, "workload.cloudShare");
        Share(config.Economics.OwnerShare, "economics.ownerShare");
        Share(config.Charging.AwayPlugInProbability, "charging.awayPlugInProbability");
        Check(config.Trips.StayHomeDayProbability is >= 0 and < 0.95, "trips.stayHomeDayProbability must be in [0, 0.95).");
        Check(config.Charging.PlugInNightsPerWeekMin >= 0 && config.Charging.PlugInNightsPerWeekMax <= 7 &&
              config.Charging.PlugInNightsPerWeekMin <= config.Charging.PlugInNightsPerWeekMax,
            "charging.plugInNightsPerWeekMin/Max must satisfy 0 ≤ min ≤ max ≤ 7.");
        Check(config.Charging.HomeDwellHoursMin > 0 && config.Charging.HomeDwellHoursMin <= config.Charging.HomeDwellHoursMax,
            "charging.homeDwellHoursMin must be positive and at most homeDwellHoursMax.");
        Check(config.Charging.BatteryKWh > 0 && config.Charging.ChargerKw > 0 && config.Robotaxi.BatteryKWh > 0 && config.Robotaxi.DepotChargerKw > 0,
            "battery capacities and charger powers must be positive.");
        Check(config.Trips.TripMinutesMedian > 0 && config.Robotaxi.RideMinutesMedian > 0, "trip and ride lengths must be positive.");
        Check(config.Charging.HomeArrivalHourSd >= 0 && config.Charging.HomeDwellHoursSd >= 0, "standard deviations must be non-negative.");
        Check(config.Workload.MaxQueueWaitSeconds >= 0 && config.Workload.NetworkRttMs >= 0 && config.Workload.MaxFailovers >= 0,
            "workload.maxQueueWaitSeconds, networkRttMs and maxFailovers must be non-negative.");
        Check(config.Regions.Count is > 0 and < 256 && config.Regions.Sum(r => r.Share) > 0, "regions must list 1–255 regions with a positive total share.");
        foreach (var region in config.Regions)
        {
            Check(region.Share >= 0 && region.ElectricityDollarsPerKWh >= 0, $"region '{region.Name}' needs a non-negative share and price.");
            Check(!string.IsNullOrWhiteSpace(region.TimeZone), $"region '{region.Name}' needs a time zone.");
        }

        Check(config.Workload.InteractiveCurve.Count == 24 && config.Workload.InteractiveCurve.All(w => w >= 0),
            "workload.interactiveCurve needs 24 non-negative weights, one per local hour.");
        Check(config.Robotaxi.RideRequestsPerIdleHour.Count == 24 && config.Robotaxi.RideRequestsPerIdleHour.All(w => w >= 0),
            "robotaxi.rideRequestsPerIdleHour needs 24 non-negative rates, one per local hour.");
        Check(config.Workload.InteractiveRequestsPerVehicleDay >= 0 && config.Workload.BatchRequestsPerVehicleDay >= 0,
            "workload request rates must be non-negative.");
        Check(config.Workload.BatchJobRequests >= 1, "workload.batchJobRequests must be at least 1.");
        foreach (var (name, d) in new[] { ("promptTokens", config.Workload.PromptTokens), ("outputTokens", config.Workload.OutputTokens) })
        {
            Check(d.Kind is LengthDistribution.LogNormal or LengthDistribution.Exponential,
                $"workload.{name}.kind must be '{LengthDistribution.LogNormal}' or '{LengthDistribution.Exponential}' (got '{d.Kind}').");
            Check(d.Median > 0 && d.Min >= 0 && d.Min <= d.Max, $"workload.{name} needs median > 0 and 0 ≤ min ≤ max.");
        }

        var serving = config.Device.Serving;
        Check(serving.BandwidthEfficiency is > 0 and <= 1, "device.serving.bandwidthEfficiency must be in (0, 1].");
        Check(serving.BatchGainAt8 is >= 1 and <= 8, "device.serving.batchGainAt8 must be between 1 and 8.");
        Check(serving.MaxBatchPerDie is >= 1 and <= 256 && serving.ContextPerSlot >= 16, "device.serving needs maxBatchPerDie 1–256 and contextPerSlot ≥ 16.");
        Check(config.Device.Model.ParametersBillions > 0 && config.Device.Model.BitsPerWeight > 0 && config.Device.Model.Layers > 0,
            "device.model needs positive parametersBillions, bitsPerWeight and layers (give every field of the model).");
        var names = config.Device.Profiles.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Check(config.Fleet.Hardware.Count > 0 && config.Fleet.Hardware.Sum(h => h.Share) > 0, "fleet.hardware needs a positive total share.");
        foreach (var share in config.Fleet.Hardware)
        {
            Check(names.Contains(share.Profile), $"fleet.hardware names '{share.Profile}', which is not among device.profiles ({string.Join(", ", names)}).");
        }

        foreach (var floor in config.Policies.ChargeFloors)
        {
            Share(floor.Floor, "policies.chargeFloors[].floor");
        }

        Check(config.Policies.ChargeFloors.Count > 0 && config.Policies.ChargeFloors.Sum(f => f.Share) > 0, "policies.chargeFloors needs a positive total share.");
        try
        {
            WeeklyHours.Parse(config.Policies.Hours);
        }
        catch (FormatException e)
        {
            errors.Add($"policies.hours: {e.Message}");
        }

        return errors;
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
