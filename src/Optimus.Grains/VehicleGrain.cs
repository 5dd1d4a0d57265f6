using Microsoft.Extensions.Logging;
using Optimus.Abstractions;
using Optimus.Core.Vehicles;

namespace Optimus.Grains;

/// <summary>
/// One vehicle's registration, state and lease. It tells its dispatcher when the vehicle's availability changes and
/// expires the lease when heartbeats stop, even if the connection looks open (a half-open TCP connection, a hung agent).
/// </summary>
internal sealed partial class VehicleGrain(TimeProvider time, LeaseTiming leases, ILogger<VehicleGrain> logger) : Grain, IVehicleGrain
{
    private VehicleRegistration? _registration;
    private VehicleState? _state;
    private long _epoch;
    private bool _leased;
    private DateTimeOffset _lastHeartbeat;
    private IGrainTimer? _leaseTimer;

    private IDispatcherGrain Dispatcher => GrainFactory.GetGrain<IDispatcherGrain>(IDispatcherGrain.DefaultCell);

    public async Task<long> Connect(VehicleRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        _registration = registration;
        _state = registration.State;
        // Epochs must grow across grain reactivations too, so they start from the clock.
        _epoch = Math.Max(_epoch + 1, time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
        _leased = true;
        _lastHeartbeat = time.GetUtcNow();
        _leaseTimer ??= this.RegisterGrainTimer(CheckLeaseAsync, leases.HeartbeatInterval, leases.HeartbeatInterval);
        LogConnected(registration.VehicleId, _epoch, registration.ProfileName, registration.ModelName);
        await Dispatcher.Update(Availability());
        return _epoch;
    }

    public async Task<bool> Heartbeat(long leaseEpoch, VehicleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (leaseEpoch != _epoch || !_leased)
        {
            return false;
        }

        _lastHeartbeat = time.GetUtcNow();
        if (state != _state)
        {
            _state = state;
            await Dispatcher.Update(Availability());
        }

        return true;
    }

    public async Task Disconnect(long leaseEpoch)
    {
        if (leaseEpoch == _epoch && _leased)
        {
            await EndLeaseAsync("disconnected");
        }
    }

    public Task<long> GetLeaseEpoch() => Task.FromResult(_leased ? _epoch : 0);

    private async Task CheckLeaseAsync(CancellationToken cancellationToken)
    {
        if (_leased && leases.HasExpired(_lastHeartbeat, time.GetUtcNow()))
        {
            await EndLeaseAsync("lease expired");
        }
    }

    private async Task EndLeaseAsync(string reason)
    {
        _leased = false;
        var vehicleId = this.GetPrimaryKeyString();
        LogLeaseEnded(vehicleId, _epoch, reason);
        await Dispatcher.Remove(vehicleId, _epoch);
    }

    private VehicleAvailability Availability()
    {
        var registration = _registration!;
        var canServe = _leased && _state is not null && Core.Vehicles.Availability.CanServe(_state.ToStatus());
        return new VehicleAvailability(registration.VehicleId, _epoch, canServe, registration.Slots, registration.ModelName, registration.ContextLength);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId} connected (lease {Epoch}, {Profile}, model {Model})")]
    private partial void LogConnected(string vehicleId, long epoch, string profile, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId} lease {Epoch} ended: {Reason}")]
    private partial void LogLeaseEnded(string vehicleId, long epoch, string reason);
}
