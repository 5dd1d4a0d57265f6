using Optimus.Core.Vehicles;

namespace Optimus.Agent;

/// <summary>
/// A simulated car living its <see cref="DailyRoutine"/> on a compressed clock: simulated time runs
/// <c>timeScale</c> times faster than real time from <c>start</c>, so a person watching `optimus up --time-scale 1440`
/// sees a day per minute of cars leaving for work, coming home and plugging in. State of charge falls while driving
/// and rises while charging.
/// </summary>
public sealed class ScheduledVehicleStatus : IVehicleStatusSource, IDisposable
{
    private const double DrainPerHour = 0.08;   // ~25 km/h average in town on a ~75 kWh pack
    private const double ChargePerHour = 0.09;  // ~7 kW home charger
    private const double ChargeLimit = 0.9;

    private readonly DailyRoutine _routine;
    private readonly TimeProvider _time;
    private readonly double _timeScale;
    private readonly DateTimeOffset _start;
    private readonly long _startTimestamp;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private VehicleStatus _current;
    private DateTimeOffset _lastSimulated;

    public ScheduledVehicleStatus(DailyRoutine routine, TimeProvider time, double timeScale, DateTimeOffset start, double stateOfCharge, TimeSpan tick)
    {
        _routine = routine;
        _time = time;
        _timeScale = timeScale;
        _start = start;
        _lastSimulated = start;
        _startTimestamp = time.GetTimestamp();
        var (activity, plugged) = routine.At(start);
        _current = new VehicleStatus(activity, plugged, stateOfCharge);
        _timer = time.CreateTimer(_ => Advance(), null, tick, tick);
    }

    public event EventHandler? Changed;

    public VehicleStatus Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public OwnerPolicy Policy { get; } = OwnerPolicy.Default;

    /// <summary>The simulated time now.</summary>
    public DateTimeOffset SimulatedNow => _start + (_time.GetElapsedTime(_startTimestamp) * _timeScale);

    public void Dispose() => _timer.Dispose();

    private void Advance()
    {
        bool changed;
        lock (_lock)
        {
            var now = SimulatedNow;
            var hours = (now - _lastSimulated).TotalHours;
            _lastSimulated = now;
            var soc = _current.Activity switch
            {
                VehicleActivity.Driving => Math.Max(0.05, _current.StateOfCharge - (DrainPerHour * hours)),
                VehicleActivity.Charging => Math.Min(ChargeLimit, _current.StateOfCharge + (ChargePerHour * hours)),
                _ => _current.StateOfCharge,
            };
            var (activity, plugged) = _routine.At(now);
            changed = activity != _current.Activity || plugged != _current.PluggedIn;
            _current = _current with { Activity = activity, PluggedIn = plugged, StateOfCharge = soc };
        }

        if (changed)
        {
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
