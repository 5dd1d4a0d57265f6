namespace Optimus.Simulator.Model;

/// <summary>The movement a mobility event performs.</summary>
internal enum MobilityStep
{
    Depart = 0,
    ArriveAway = 1,
    DepartAway = 2,
    ArriveHome = 3,
    RideStart = 4,
    RideEnd = 5,
    DepotDone = 6,
}
