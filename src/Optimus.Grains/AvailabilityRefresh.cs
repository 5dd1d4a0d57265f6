namespace Optimus.Grains;

/// <summary>
/// How often a vehicle grain re-sends its availability to its dispatcher even when nothing changed, in lease ticks
/// (0: never). In cluster mode a dispatcher reactivated on another silo after its silo died starts empty, and this is
/// how it learns its vehicles again; one silo has no such failure, so it stays off there (a million vehicles would
/// otherwise send 200,000 needless updates a second).
/// </summary>
public sealed record AvailabilityRefresh(int Ticks)
{
    public static AvailabilityRefresh Off { get; } = new(0);
}
