using Optimus.Simulator.Engine;
using Optimus.Simulator.Metrics;

namespace Optimus.Simulator.Model;

/// <summary>
/// Private cars' days: home in the evening (plug in by habit, or when low), a dwell of ≈12 h, a trip out, a stop away
/// (sometimes plugged in), a trip home. Charging is computed from the plug-in time, with no events of its own.
/// </summary>
internal sealed partial class Simulation
{
    private bool _initialising;
    private long _pendingTime;
    private MobilityStep _pendingStep;

    private void OnMobility(int v, MobilityStep step, long t)
    {
        switch (step)
        {
            case MobilityStep.Depart:
                Depart(v, t);
                break;
            case MobilityStep.ArriveAway:
                ArriveAway(v, t);
                break;
            case MobilityStep.DepartAway:
                DepartAway(v, t);
                break;
            case MobilityStep.ArriveHome:
                ArriveHome(v, t);
                break;
            case MobilityStep.RideStart:
                RideStart(v, t);
                break;
            case MobilityStep.RideEnd:
                RideEnd(v, t);
                break;
            case MobilityStep.DepotDone:
                DepotDone(v, t);
                break;
        }
    }

    /// <summary>Measured span only: movements replayed to set up the start do not count.</summary>
    private bool Recording(long t) => !_initialising && t >= 0;

    private void ScheduleMove(int v, long time, MobilityStep step)
    {
        if (_initialising)
        {
            _pendingTime = time;
            _pendingStep = step;
            return;
        }

        if (time < _horizon)
        {
            _queue.Push(time, EventKind.Mobility, v, (int)step);
        }
    }

    private void ArriveHome(int v, long t)
    {
        SetState(v, MobilityState.AtHome, t);
        var c = _config.Charging;
        if (_fleet[v].HomeAccess)
        {
            var elective = Draw.Chance(_mobilityRandom, _fleet[v].PlugProbability);
            var plug = elective || _fleet[v].Soc < c.LowSocPlugIn;
            if (Recording(t))
            {
                _mobility.HomeArrivals++;
                _mobility.ElectivePlugIns += elective ? 1 : 0;
                _mobility.PlugIns += plug ? 1 : 0;
            }

            if (plug)
            {
                Plug(v, t);
            }
        }

        var dwell = Math.Clamp(Draw.Normal(_mobilityRandom, c.HomeDwellHoursMean, c.HomeDwellHoursSd), c.HomeDwellHoursMin, c.HomeDwellHoursMax);
        while (Draw.Chance(_mobilityRandom, _config.Trips.StayHomeDayProbability))
        {
            dwell += 24;
        }

        if (Recording(t))
        {
            _mobility.Dwells++;
            _mobility.DwellHoursSum += dwell;
            _mobility.DwellHoursSquares += dwell * dwell;
        }

        ScheduleMove(v, t + SimTime.FromHours(dwell), MobilityStep.Depart);
        Evaluate(v, t);
    }

    private void Depart(int v, long t)
    {
        RecordDeparture(v, t);
        Unplug(v, t);
        SetState(v, MobilityState.DrivingOut, t);
        var minutes = Drive(v, t);
        ScheduleMove(v, t + SimTime.FromSeconds(minutes * 60), MobilityStep.ArriveAway);
        Evaluate(v, t);
    }

    private void ArriveAway(int v, long t)
    {
        SetState(v, MobilityState.Away, t);
        if (Draw.Chance(_mobilityRandom, _config.Charging.AwayPlugInProbability))
        {
            Plug(v, t);
        }

        var clock = _clocks[_fleet[v].Region];
        var c = _config.Charging;
        var home = clock.At(clock.LocalDay(t), Draw.Normal(_mobilityRandom, c.HomeArrivalHourMean, c.HomeArrivalHourSd));
        var leave = Math.Max(home - SimTime.FromSeconds(_config.Trips.TripMinutesMedian * 60), t + SimTime.FromHours(_config.Trips.MinAwayHours));
        ScheduleMove(v, leave, MobilityStep.DepartAway);
        Evaluate(v, t);
    }

    private void DepartAway(int v, long t)
    {
        RecordDeparture(v, t);
        Unplug(v, t);
        SetState(v, MobilityState.DrivingHome, t);
        var minutes = Drive(v, t);
        ScheduleMove(v, t + SimTime.FromSeconds(minutes * 60), MobilityStep.ArriveHome);
        Evaluate(v, t);
    }

    /// <summary>A trip: its length, the charge it uses (and a Supercharger stop when low), counted by local hour.</summary>
    private double Drive(int v, long t)
    {
        var trips = _config.Trips;
        var minutes = Draw.LogNormal(_mobilityRandom, trips.TripMinutesMedian, trips.TripMinutesSigma);
        var soc = _fleet[v].Soc - (minutes * trips.KmPerMinute * trips.KWhPerKm / _config.Charging.BatteryKWh);
        if (soc < trips.SuperchargeBelowSoc)
        {
            soc = Math.Min(1, soc + trips.SuperchargeAdds);
        }

        _fleet[v].Soc = (float)Math.Max(0, soc);
        if (Recording(t))
        {
            _mobility.DeparturesByLocalHour[_clocks[_fleet[v].Region].LocalHour(t)]++;
        }

        return minutes;
    }

    /// <summary>Feeds a serving vehicle's departure to its Core dwell predictor, as the coordinator does.</summary>
    private void RecordDeparture(int v, long t)
    {
        var s = _fleet[v].Server;
        if (s >= 0)
        {
            _servers.Dwell[s].RecordDeparture(_clocks[_fleet[v].Region].LocalDateTime(t));
        }
    }

    private void SetState(int v, MobilityState state, long t)
    {
        var wasDriving = IsDriving(_fleet[v].State);
        _fleet[v].State = state;
        var driving = IsDriving(state);
        if (!_initialising && wasDriving != driving)
        {
            _series.Change(Level.Driving, t, driving ? 1 : -1);
        }
    }

    private static bool IsDriving(MobilityState state) =>
        state is MobilityState.DrivingOut or MobilityState.DrivingHome or MobilityState.TaxiRide;
}
