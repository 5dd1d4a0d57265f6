namespace Optimus.Simulator.Config;

/// <summary>
/// Fleet-owned Cybercabs (#14: same computer as today's cars). Idle gaps between rides and depot charging are when they
/// compute; a ride always preempts compute. Every figure is an assumption: no public ride data exists yet.
/// </summary>
public sealed record RobotaxiConfig
{
    /// <summary>Ride requests per hour reaching an idle robotaxi, by local hour (commute and evening peaks).</summary>
    public IReadOnlyList<double> RideRequestsPerIdleHour { get; init; } =
        [0.5, 0.4, 0.3, 0.3, 0.4, 0.7, 1.3, 1.9, 1.9, 1.5, 1.3, 1.4, 1.6, 1.5, 1.5, 1.7, 2.1, 2.3, 2.1, 1.9, 1.7, 1.5, 1.1, 0.8];

    /// <summary>Ride minutes including pickup, log-normal median.</summary>
    public double RideMinutesMedian { get; init; } = 18;

    public double RideMinutesSigma { get; init; } = 0.5;

    /// <summary>Fare per ride in dollars.</summary>
    public double FareDollarsPerRide { get; init; } = 12;

    public double BatteryKWh { get; init; } = 50;

    /// <summary>Goes to the depot charger below this state of charge.</summary>
    public double DepotBelowSoc { get; init; } = 0.2;

    public double DepotChargeToSoc { get; init; } = 0.8;

    public double DepotChargerKw { get; init; } = 50;

    /// <summary>The fleet operator's charge floor: it may compute on battery between rides (PluggedInOnly off).</summary>
    public double ChargeFloor { get; init; } = 0.25;

    /// <summary>Depot electricity, commercial tariff (assumption).</summary>
    public double DepotDollarsPerKWh { get; init; } = 0.12;
}
