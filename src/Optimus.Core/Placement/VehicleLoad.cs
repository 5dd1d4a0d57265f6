namespace Optimus.Core.Placement;

/// <summary>A vehicle as placement sees it: its id, how many jobs it runs and how many it can run at once.</summary>
public readonly record struct VehicleLoad(string VehicleId, int ActiveJobs, int Slots)
{
    public bool HasFreeSlot => ActiveJobs < Slots;

    /// <summary>Share of slots in use, 0 to 1; the load that power-of-two-choices compares.</summary>
    public double Utilisation => Slots == 0 ? 1 : (double)ActiveJobs / Slots;
}
