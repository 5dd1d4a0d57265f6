using Optimus.Core.Vehicles;
using Optimus.Simulator.Engine;
using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Model;

/// <summary>
/// Availability is Core's decision: at every movement, and when a policy boundary passes (allowed hours begin or end,
/// the charge floor is reached, a new local day lifts an energy cap), the vehicle's status and its owner's
/// <see cref="OwnerPolicy"/> go through <see cref="Availability.Evaluate"/>. The simulator only decides when to ask.
/// </summary>
internal sealed partial class Simulation
{
    private void Plug(int v, long t)
    {
        if (_fleet[v].Plugged)
        {
            return;
        }

        _fleet[v].Plugged = true;
        _fleet[v].PlugSince = t;
        if (!_initialising)
        {
            _series.Change(Level.Plugged, t, 1);
        }
    }

    private void Unplug(int v, long t)
    {
        if (!_fleet[v].Plugged)
        {
            return;
        }

        _fleet[v].Soc = (float)CurrentSoc(v, t);
        _fleet[v].Plugged = false;
        if (!_initialising)
        {
            _series.Change(Level.Plugged, t, -1);
        }

        if (Recording(_fleet[v].PlugSince))
        {
            _mobility.Sessions++;
            _mobility.SessionHoursSum += SimTime.ToHours(t - _fleet[v].PlugSince);
        }
    }

    /// <summary>State of charge now: while plugged in it rises at the charger's power up to the charge limit.</summary>
    private double CurrentSoc(int v, long t)
    {
        var soc = (double)_fleet[v].Soc;
        if (!_fleet[v].Plugged)
        {
            return soc;
        }

        var robotaxi = _fleet[v].IsRobotaxi;
        var kw = robotaxi ? _config.Robotaxi.DepotChargerKw : _config.Charging.ChargerKw;
        var battery = robotaxi ? _config.Robotaxi.BatteryKWh : _config.Charging.BatteryKWh;
        var limit = robotaxi ? _config.Robotaxi.DepotChargeToSoc : _config.Charging.ChargeLimit;
        return soc >= limit ? soc : Math.Min(limit, soc + (kw * SimTime.ToHours(t - _fleet[v].PlugSince) / battery));
    }

    private VehicleStatus Status(int v, long t, double soc)
    {
        var activity = _fleet[v].State switch
        {
            MobilityState.DrivingOut or MobilityState.DrivingHome or MobilityState.TaxiRide => VehicleActivity.Driving,
            _ when _fleet[v].Plugged && soc < ChargeLimit(v) => VehicleActivity.Charging,
            _ => VehicleActivity.Parked,
        };
        var s = _fleet[v].Server;
        var energyTodayWh = s >= 0 && _servers.EnergyDay[s] == _clocks[_fleet[v].Region].LocalDay(t) ? _servers.EnergyTodayUj[s] / 3.6e9 : 0;
        return new VehicleStatus(activity, _fleet[v].Plugged, soc, EnergyUsedTodayWh: energyTodayWh);
    }

    private double ChargeLimit(int v) => _fleet[v].IsRobotaxi ? _config.Robotaxi.DepotChargeToSoc : _config.Charging.ChargeLimit;

    /// <summary>Asks Core whether the vehicle may serve now, applies the answer, and schedules the next time to ask.</summary>
    private void Evaluate(int v, long t)
    {
        _fleet[v].RecheckVersion++;
        if (_initialising)
        {
            return;
        }

        var policy = _policies[_fleet[v].Policy];
        var soc = CurrentSoc(v, t);
        var status = Status(v, t, soc);
        _evaluations++;
        var decision = Availability.Evaluate(status, policy, _start.AddTicks(t * 10));
        SetAvailable(v, t, decision.CanServe);
        if (!policy.OptedOut && status.Activity != VehicleActivity.Driving && (status.PluggedIn || !policy.PluggedInOnly))
        {
            ScheduleRecheck(v, t, policy, status);
        }
    }

    private void ScheduleRecheck(int v, long t, OwnerPolicy policy, VehicleStatus status)
    {
        var clock = _clocks[_fleet[v].Region];
        var next = long.MaxValue;
        if (policy.Hours is { } hours)
        {
            next = NextHoursBoundary(clock, hours, t);
        }

        if (status.Activity == VehicleActivity.Charging && status.StateOfCharge < policy.ChargeFloor)
        {
            var robotaxi = _fleet[v].IsRobotaxi;
            var kw = robotaxi ? _config.Robotaxi.DepotChargerKw : _config.Charging.ChargerKw;
            var battery = robotaxi ? _config.Robotaxi.BatteryKWh : _config.Charging.BatteryKWh;
            next = Math.Min(next, t + SimTime.FromHours((policy.ChargeFloor - status.StateOfCharge) * battery / kw) + 1);
        }

        if (policy.DailyEnergyCapWh > 0 && status.EnergyUsedTodayWh >= policy.DailyEnergyCapWh)
        {
            next = Math.Min(next, clock.ToSim((clock.LocalDay(t) + 1) * SimTime.Day));
        }

        if (next < _horizon)
        {
            _queue.Push(Math.Max(next, t + 1), EventKind.Recheck, v, _fleet[v].RecheckVersion);
        }
    }

    /// <summary>The start of the next local hour whose allowed-ness differs from now's (at most a week ahead).</summary>
    private static long NextHoursBoundary(RegionClock clock, WeeklyHours hours, long t)
    {
        var now = SimTime.FloorDiv(clock.Local(t), SimTime.Hour);
        var allowed = AllowedAt(clock, hours, now);
        for (var h = now + 1; h <= now + (7 * 24); h++)
        {
            if (AllowedAt(clock, hours, h) != allowed)
            {
                return clock.ToSim(h * SimTime.Hour);
            }
        }

        return long.MaxValue;
    }

    private static bool AllowedAt(RegionClock clock, WeeklyHours hours, long localHour)
    {
        var day = SimTime.FloorDiv(localHour, 24);
        return hours.Allows(clock.WeekdayOf(day), (int)(localHour - (day * 24)));
    }

    private void SetAvailable(int v, long t, bool available)
    {
        if (_fleet[v].Available == available)
        {
            return;
        }

        _fleet[v].Available = available;
        _series.Change(Level.Available, t, available ? 1 : -1);
        if (_fleet[v].IsRobotaxi)
        {
            _series.Change(Level.RobotaxiAvailable, t, available ? 1 : -1);
        }

        var s = _fleet[v].Server;
        if (s >= 0)
        {
            SetEligible(s, available, t);
        }
    }

    /// <summary>Evaluates every vehicle at the start and sets the levels from the counts.</summary>
    private void StartAvailability()
    {
        long plugged = 0;
        long driving = 0;
        for (var v = 0; v < _fleet.Count; v++)
        {
            plugged += _fleet[v].Plugged ? 1 : 0;
            driving += IsDriving(_fleet[v].State) ? 1 : 0;
            Evaluate(v, 0);
        }

        _series.Set(Level.Plugged, 0, plugged);
        _series.Set(Level.Driving, 0, driving);
    }
}
