namespace Optimus.Core.Placement;

/// <summary>A vehicle as placement sees it: its id, load, capacity, how long it is expected to stay and how far it is trusted.</summary>
/// <param name="VehicleId">The vehicle.</param>
/// <param name="ActiveJobs">Jobs it runs now.</param>
/// <param name="Slots">Jobs it can run at once (one per die).</param>
/// <param name="PredictedDwellSeconds">How much longer it is expected to stay available, from its own history.</param>
/// <param name="Reputation">0 (untrusted) to 1 (proven); result verification raises and lowers it.</param>
/// <param name="Region">Where the vehicle is (a region name such as us-pacific).</param>
/// <param name="HardwareClass">Its hardware profile's name (for example ai4-8gb).</param>
public readonly record struct VehicleLoad(
    string VehicleId,
    int ActiveJobs,
    int Slots,
    double PredictedDwellSeconds = double.PositiveInfinity,
    double Reputation = 1,
    string? Region = null,
    string? HardwareClass = null)
{
    public bool HasFreeSlot => ActiveJobs < Slots;

    public bool IsIdle => ActiveJobs == 0;

    /// <summary>Share of slots in use, 0 to 1.</summary>
    public double Utilisation => Slots == 0 ? 1 : (double)ActiveJobs / Slots;
}
