namespace Optimus.Simulator.Config;

/// <summary>
/// Home charging: how often a car is plugged in overnight and how long it stays at home. With the defaults, 86% access
/// × 4 of 7 nights × ≈13 of 24 hours gives ≈26% of car-hours plugged in at home, close to the ≈24% derived in
/// parameters.md.
/// </summary>
public sealed record ChargingConfig
{
    /// <summary>Each car's nightly plug-in habit is uniform between these (nights per week): 2–3 typical, up to nightly (#18).</summary>
    public double PlugInNightsPerWeekMin { get; init; } = 2;

    /// <summary>See <see cref="PlugInNightsPerWeekMin"/>; 2–6 gives a mean of 4 nights (#18).</summary>
    public double PlugInNightsPerWeekMax { get; init; } = 6;

    /// <summary>Local hour of the evening arrival home, normal: mean 18:00 (#19, the "u-shaped" evening-to-morning profile).</summary>
    public double HomeArrivalHourMean { get; init; } = 18.5;

    public double HomeArrivalHourSd { get; init; } = 1.5;

    /// <summary>Hours at home from evening arrival to the next departure, normal: mean ≈12 h, range 8–14 (#19).</summary>
    public double HomeDwellHoursMean { get; init; } = 12.5;

    public double HomeDwellHoursSd { get; init; } = 2.0;

    public double HomeDwellHoursMin { get; init; } = 4.0;

    public double HomeDwellHoursMax { get; init; } = 20.0;

    /// <summary>A car at home with its state of charge below this plugs in whatever its habit: assumption.</summary>
    public double LowSocPlugIn { get; init; } = 0.3;

    /// <summary>Chance that a car parked away (work, shops) is plugged in: ≈20% of charging is away from home (#16).</summary>
    public double AwayPlugInProbability { get; init; } = 0.1;

    /// <summary>Home charger power: a 32 A, 240 V wall connector (assumption).</summary>
    public double ChargerKw { get; init; } = 7.2;

    /// <summary>Charge limit owners set for daily use (assumption).</summary>
    public double ChargeLimit { get; init; } = 0.9;

    /// <summary>Usable battery (Model 3/Y long range, assumption).</summary>
    public double BatteryKWh { get; init; } = 75;
}
