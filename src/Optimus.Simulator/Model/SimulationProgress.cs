namespace Optimus.Simulator.Model;

/// <summary>Where a run is: simulated microseconds reached, of the horizon, and events processed.</summary>
public readonly record struct SimulationProgress(long SimulatedMicros, long HorizonMicros, long Events)
{
    public double Fraction => HorizonMicros <= 0 ? 1 : Math.Clamp(SimulatedMicros / (double)HorizonMicros, 0, 1);
}
