namespace Optimus.Simulator.Model;

/// <summary>Where a vehicle is in its day.</summary>
internal enum MobilityState : byte
{
    AtHome = 0,
    DrivingOut = 1,
    Away = 2,
    DrivingHome = 3,
    TaxiIdle = 4,
    TaxiRide = 5,
    TaxiDepot = 6,
}
