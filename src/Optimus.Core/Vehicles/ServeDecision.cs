namespace Optimus.Core.Vehicles;

/// <summary>Whether a vehicle may serve now, and if not, the first rule that forbids it.</summary>
public readonly record struct ServeDecision(bool CanServe, string Reason)
{
    public static ServeDecision Yes { get; } = new(true, "available");

    public static ServeDecision No(string reason) => new(false, reason);
}
