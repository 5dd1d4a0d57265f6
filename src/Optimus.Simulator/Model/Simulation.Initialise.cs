using Optimus.Simulator.Engine;

namespace Optimus.Simulator.Model;

/// <summary>
/// The start: rather than a warm-up period, each private car replays its routine from an arrival home the evening before
/// (its movements before the start are applied at once, uncounted); robotaxis start idle. Then every vehicle is
/// evaluated once at time zero.
/// </summary>
internal sealed partial class Simulation
{
    /// <summary>Sets every vehicle's state at the start by replaying its routine from the evening before.</summary>
    private void InitialiseVehicles()
    {
        _initialising = true;
        for (var v = 0; v < _fleet.Count; v++)
        {
            var clock = _clocks[_fleet[v].Region];
            var c = _config.Charging;
            _pendingTime = long.MinValue;
            if (_fleet[v].IsRobotaxi)
            {
                _fleet[v].State = MobilityState.TaxiIdle;
                ScheduleNextRide(v, 0);
            }
            else
            {
                var evening = clock.At(clock.LocalDay(0) - 1, Draw.Normal(_mobilityRandom, c.HomeArrivalHourMean, c.HomeArrivalHourSd));
                ArriveHome(v, Math.Min(evening, -SimTime.Minute));
            }

            while (_pendingTime <= 0)
            {
                var (time, step) = (_pendingTime, _pendingStep);
                _pendingTime = long.MaxValue;
                OnMobility(v, step, time);
            }

            _initialising = false;
            ScheduleMove(v, _pendingTime, _pendingStep);
            _initialising = true;
        }

        _initialising = false;
        StartAvailability();
    }
}
