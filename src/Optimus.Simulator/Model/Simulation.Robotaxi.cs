using Optimus.Simulator.Engine;

namespace Optimus.Simulator.Model;

/// <summary>
/// Cybercabs: idle at the kerb until a ride comes (a rate by local hour), ride, and go to the depot to charge when low.
/// They compute while idle and while charging at the depot; a ride always preempts compute (the work moves on).
/// </summary>
internal sealed partial class Simulation
{
    private void ScheduleNextRide(int v, long t)
    {
        var rate = _config.Robotaxi.RideRequestsPerIdleHour[_clocks[_fleet[v].Region].LocalHour(t)];
        var gapHours = Draw.Exponential(_mobilityRandom, 1 / Math.Max(rate, 0.01));
        ScheduleMove(v, t + Math.Max(1, SimTime.FromHours(gapHours)), MobilityStep.RideStart);
    }

    private void RideStart(int v, long t)
    {
        RecordDeparture(v, t);
        SetState(v, MobilityState.TaxiRide, t);
        var taxi = _config.Robotaxi;
        var minutes = Draw.LogNormal(_mobilityRandom, taxi.RideMinutesMedian, taxi.RideMinutesSigma);
        var used = minutes * _config.Trips.KmPerMinute * _config.Trips.KWhPerKm / taxi.BatteryKWh;
        _fleet[v].Soc = (float)Math.Max(0, _fleet[v].Soc - used);
        if (Recording(t))
        {
            _mobility.Rides++;
            _mobility.RideHours += minutes / 60;
        }

        ScheduleMove(v, t + SimTime.FromSeconds(minutes * 60), MobilityStep.RideEnd);
        Evaluate(v, t);
    }

    private void RideEnd(int v, long t)
    {
        var taxi = _config.Robotaxi;
        if (_fleet[v].Soc < taxi.DepotBelowSoc)
        {
            SetState(v, MobilityState.TaxiDepot, t);
            Plug(v, t);
            var hours = (taxi.DepotChargeToSoc - _fleet[v].Soc) * taxi.BatteryKWh / taxi.DepotChargerKw;
            if (Recording(t))
            {
                _mobility.DepotVisits++;
            }

            ScheduleMove(v, t + SimTime.FromHours(hours), MobilityStep.DepotDone);
        }
        else
        {
            SetState(v, MobilityState.TaxiIdle, t);
            ScheduleNextRide(v, t);
        }

        Evaluate(v, t);
    }

    private void DepotDone(int v, long t)
    {
        Unplug(v, t);
        SetState(v, MobilityState.TaxiIdle, t);
        ScheduleNextRide(v, t);
        Evaluate(v, t);
    }
}
