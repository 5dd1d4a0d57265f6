namespace Optimus.Simulator.Config;

/// <summary>Driving: two trips on a driving day (out in the morning, home in the evening) and days the car stays home.</summary>
public sealed record TripConfig
{
    /// <summary>One-way trip minutes, log-normal: median 25 (assumption, near US commute times; 95% parked, #15).</summary>
    public double TripMinutesMedian { get; init; } = 25;

    public double TripMinutesSigma { get; init; } = 0.5;

    /// <summary>Chance a day passes without driving, extending the stay at home by a day (assumption).</summary>
    public double StayHomeDayProbability { get; init; } = 0.1;

    /// <summary>Shortest stop away from home (hours, assumption).</summary>
    public double MinAwayHours { get; init; } = 0.5;

    /// <summary>Average speed, km per minute (≈36 km/h, assumption).</summary>
    public double KmPerMinute { get; init; } = 0.6;

    /// <summary>Consumption, kWh per km (assumption: Model 3/Y ≈ 150–170 Wh/km).</summary>
    public double KWhPerKm { get; init; } = 0.16;

    /// <summary>Below this state of charge after a trip the car stops at a Supercharger on the way (assumption).</summary>
    public double SuperchargeBelowSoc { get; init; } = 0.15;

    /// <summary>State of charge a Supercharger stop adds (assumption).</summary>
    public double SuperchargeAdds { get; init; } = 0.6;
}
