namespace Optimus.Simulator.Output;

/// <summary>How long a run took on this machine and its peak memory (reported, never part of the CSV).</summary>
public sealed record RunPerformance(double WallSeconds, double PeakWorkingSetMiB);
