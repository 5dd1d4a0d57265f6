namespace Optimus.Simulator.Engine;

/// <summary>
/// One scheduled event: 32 bytes, no references, so a million pending events are one array and no garbage.
/// Ties in time are broken by <see cref="Seq"/> (scheduling order), which makes every run replay exactly.
/// </summary>
internal struct SimEvent
{
    public long Time;
    public long Seq;
    public int Target;
    public int Data;
    public EventKind Kind;

    public readonly bool Precedes(in SimEvent other) => Time < other.Time || (Time == other.Time && Seq < other.Seq);
}
