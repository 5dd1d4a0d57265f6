using Optimus.Core.Vehicles;
using Optimus.Gateway.Devices;
using Optimus.Protocol;

namespace Optimus.Gateway.Tests.Devices;

public sealed class VehicleFiguresTests
{
    [Fact]
    public void Check_AnHonestRegistration_IsAccepted() => Assert.Null(VehicleFigures.Check(Honest()));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1.0)]
    [InlineData(1e12)]
    public void Check_PowerNotFiniteOrOutOfRange_IsRefusedWithAReason(double watts)
    {
        var register = Honest();
        register.Profile.PowerWatts = watts;

        Assert.Contains("power", VehicleFigures.Check(register));
    }

    [Theory]
    [InlineData("state_of_charge", double.NaN)]
    [InlineData("state_of_charge", 1.5)]
    [InlineData("thermal_headroom_c", double.NegativeInfinity)]
    [InlineData("energy_used_today_wh", -5.0)]
    [InlineData("energy_used_today_wh", 1e300)]
    public void Check_StateOutOfRange_IsRefusedNamingTheFigure(string figure, double value)
    {
        var heartbeat = new Heartbeat { State = new Protocol.VehicleState { Activity = Activity.Parked, StateOfCharge = 0.8 } };
        switch (figure)
        {
            case "state_of_charge": heartbeat.State.StateOfCharge = value; break;
            case "thermal_headroom_c": heartbeat.State.ThermalHeadroomC = value; break;
            default: heartbeat.State.EnergyUsedTodayWh = value; break;
        }

        Assert.Contains(figure, VehicleFigures.Check(heartbeat));
    }

    [Fact]
    public void Check_MoreThanTheProfileAllows_IsRefused()
    {
        var moreDies = Honest();
        moreDies.Profile.Dies = 64;
        var moreMemory = Honest();
        moreMemory.Profile.MemoryPerDieBytes = long.MaxValue;
        var unknown = Honest();
        unknown.Profile.Name = "datacentre-gpu";
        var hugeContext = Honest();
        hugeContext.Model.ContextLength = int.MaxValue;
        var badPolicy = Honest();
        badPolicy.Policy = new Protocol.OwnerPolicy { ChargeFloor = double.NaN };

        Assert.All(new[] { moreDies, moreMemory, unknown, hugeContext, badPolicy }, r => Assert.NotNull(VehicleFigures.Check(r)));
    }

    [Fact]
    public void BilledPowerWatts_WhateverTheVehicleReports_IsTheEnrolledProfiles()
    {
        var register = Honest();
        register.Profile.PowerWatts = 2 * HardwareProfiles.Default.PowerWatts; // the most a report may say

        Assert.Equal(HardwareProfiles.Default.PowerWatts, VehicleFigures.BilledPowerWatts(register.Profile));
    }

    private static Register Honest() => new()
    {
        VehicleId = "car-1",
        Profile = new Protocol.HardwareProfile
        {
            Name = HardwareProfiles.Default.Name,
            Dies = 2,
            MemoryPerDieBytes = HardwareProfiles.Default.MemoryPerDieBytes,
            MemoryBandwidthGbps = HardwareProfiles.Default.MemoryBandwidthGBps,
            PowerWatts = HardwareProfiles.Default.PowerWatts,
        },
        Model = new ModelInfo { Name = "stories", ContextLength = 512 },
        Slots = 2,
        State = new Protocol.VehicleState { Activity = Activity.Charging, PluggedIn = true, StateOfCharge = 0.7, ThermalHeadroomC = 30, EnergyUsedTodayWh = 100 },
        Policy = new Protocol.OwnerPolicy { ChargeFloor = 0.5 },
    };
}
