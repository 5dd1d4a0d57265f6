namespace Optimus.Core.Placement;

/// <summary>What placement knows of a job: its class and how long it is expected to run.</summary>
public readonly record struct PlacementRequest(JobClass Class, double ExpectedSeconds)
{
    public static PlacementRequest Interactive(double expectedSeconds = 10) => new(JobClass.Interactive, expectedSeconds);
}
