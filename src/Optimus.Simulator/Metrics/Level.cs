namespace Optimus.Simulator.Metrics;

/// <summary>Quantities integrated over time, reported as hourly averages.</summary>
internal enum Level
{
    /// <summary>Vehicles plugged in (whole fleet).</summary>
    Plugged = 0,

    /// <summary>Vehicles Core's Availability.Evaluate allows to serve (whole fleet).</summary>
    Available = 1,

    Driving = 2,

    RobotaxiAvailable = 3,

    /// <summary>Slots of eligible serving vehicles (sample).</summary>
    EligibleSlots = 4,

    /// <summary>Slots running a request (sample).</summary>
    BusySlots = 5,
}
