namespace Optimus.Core.Placement;

/// <summary>The job categories an owner can allow or refuse (<see cref="Vehicles.OwnerPolicy.Categories"/>).</summary>
public static class JobCategories
{
    public const string Interactive = "interactive";

    public const string Batch = "batch";

    public static string Of(JobClass jobClass) => jobClass == JobClass.Batch ? Batch : Interactive;
}
