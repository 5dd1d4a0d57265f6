namespace Optimus.Core.Placement;

/// <summary>Interactive work takes any free slot; batch work only vehicles that interactive work leaves idle.</summary>
public enum JobClass
{
    Interactive = 0,
    Batch = 1,
}
