namespace Optimus.Core.Vehicles;

/// <summary>What the vehicle is doing, as its agent reports it.</summary>
public enum VehicleActivity
{
    Offline = 0,
    Driving = 1,
    Parked = 2,
    Charging = 3,
    Sleeping = 4,
}
