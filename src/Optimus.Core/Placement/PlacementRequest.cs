namespace Optimus.Core.Placement;

/// <summary>What placement knows of a job: its class, how long it is expected to run, and its hard constraints.</summary>
public readonly record struct PlacementRequest(JobClass Class, double ExpectedSeconds, PlacementFilter? Filter = null)
{
    public static PlacementRequest Interactive(double expectedSeconds = 10) => new(JobClass.Interactive, expectedSeconds);
}
