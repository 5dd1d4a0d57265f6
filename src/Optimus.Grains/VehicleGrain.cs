using Microsoft.Extensions.Logging;
using Optimus.Abstractions;
using Optimus.Core.Placement;
using Optimus.Core.Vehicles;
using Optimus.Core.Verification;

namespace Optimus.Grains;

/// <summary>
/// One vehicle's registration, state, owner policy and lease. It evaluates the Core availability rules on every
/// heartbeat and at every lease tick (allowed hours change with the clock), tells its dispatcher when the answer
/// changes, and expires the lease when heartbeats stop, even if the connection looks open.
/// </summary>
internal sealed partial class VehicleGrain(TimeProvider time, LeaseTiming leases, DispatchCells cells, AvailabilityRefresh refresh, VerificationPolicy verification, ILogger<VehicleGrain> logger) : Grain, IVehicleGrain
{
    private readonly DwellPredictor _dwell = new();
    private VehicleRegistration? _registration;
    private VehicleState? _state;
    private OwnerPolicy _policy = OwnerPolicy.Default;
    private ServeDecision _decision = ServeDecision.No("not connected");
    private long _epoch;
    private bool _leased;
    private DateTimeOffset _lastHeartbeat;
    private IGrainTimer? _leaseTimer;
    private int _dwellBucket = -1;
    private IVehicleRelay? _relay;
    private Reputation _reputation = Reputation.New;
    private int _ticksSinceRefresh;

    private IDispatcherGrain Dispatcher => GrainFactory.GetGrain<IDispatcherGrain>(cells.CellOf(this.GetPrimaryKeyString()));

    public async Task<long> Connect(VehicleRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        _registration = registration;
        _state = registration.State;
        _policy = ParsePolicy(registration.Policy);
        // Epochs must grow across grain reactivations too, so they start from the clock.
        _epoch = Math.Max(_epoch + 1, time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
        _leased = true;
        _relay = null;
        _lastHeartbeat = time.GetUtcNow();
        _leaseTimer ??= this.RegisterGrainTimer(OnLeaseTickAsync, leases.HeartbeatInterval, leases.HeartbeatInterval);
        LogConnected(registration.VehicleId, _epoch, registration.ProfileName, registration.ModelName);
        _decision = Evaluate();
        await Dispatcher.Update(Availability());
        return _epoch;
    }

    public async Task<HeartbeatAck> Heartbeat(long leaseEpoch, VehicleState state, OwnerPolicyState policy)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(policy);
        if (leaseEpoch != _epoch || !_leased)
        {
            return new HeartbeatAck(false, false, "lease no longer current");
        }

        _lastHeartbeat = time.GetUtcNow();
        _state = state;
        _policy = ParsePolicy(policy);
        await ReevaluateAsync();
        return new HeartbeatAck(true, _decision.CanServe, _decision.Reason);
    }

    public async Task Disconnect(long leaseEpoch)
    {
        if (leaseEpoch == _epoch && _leased)
        {
            await EndLeaseAsync("disconnected");
        }
    }

    public Task<long> GetLeaseEpoch() => Task.FromResult(_leased ? _epoch : 0);

    public Task AttachRelay(long leaseEpoch, IVehicleRelay relay)
    {
        if (leaseEpoch == _epoch && _leased)
        {
            _relay = relay;
        }

        return Task.CompletedTask;
    }

    public Task<VehicleTrust> GetTrust() => Task.FromResult(Trust());

    public async Task<VehicleTrust> Judge(int judgement, bool canary)
    {
        var wasQuarantined = _reputation.IsQuarantined;
        _reputation = canary
            ? _reputation.AfterCanary(judgement == (int)AttemptJudgement.Valid, verification)
            : _reputation.After((AttemptJudgement)judgement, verification);
        if (_reputation.IsQuarantined != wasQuarantined)
        {
            LogQuarantine(this.GetPrimaryKeyString(), _reputation.IsQuarantined ? "quarantined: a result of it was caught wrong" : "readmitted after probation");
            await ReevaluateAsync();
        }

        return Trust();
    }

    private VehicleTrust Trust() => VehicleTrust.From(_reputation, _registration?.ProfileName ?? string.Empty, _registration?.ModelName ?? string.Empty);

    public Task<VehicleRoute?> GetRelay(long leaseEpoch) =>
        Task.FromResult(leaseEpoch == _epoch && _leased && _relay is { } relay ? new VehicleRoute(relay, _registration?.PowerWatts ?? 0) : null);

    private async Task OnLeaseTickAsync(CancellationToken cancellationToken)
    {
        if (!_leased)
        {
            return;
        }

        if (leases.HasExpired(_lastHeartbeat, time.GetUtcNow()))
        {
            await EndLeaseAsync("lease expired");
            return;
        }

        await ReevaluateAsync(); // allowed hours begin and end with the clock, not with heartbeats
        if (refresh.Ticks > 0 && ++_ticksSinceRefresh >= refresh.Ticks)
        {
            // A dispatcher reactivated elsewhere after its silo died starts empty: every vehicle tells it again.
            _ticksSinceRefresh = 0;
            await Dispatcher.Update(Availability());
        }
    }


    // The dwell prediction shrinks as time passes; the dispatcher hears of it when it crosses a power-of-two minute
    // boundary, so it stays roughly current at a cost of a few updates per vehicle per day.
    private static int DwellBucket(double seconds) => double.IsPositiveInfinity(seconds) ? -1 : (int)Math.Log2((seconds / 60) + 1);

    private async Task ReevaluateAsync()
    {
        var decision = Evaluate();
        var dwellBucket = DwellBucket(PredictedDwellSeconds());
        if (decision == _decision && dwellBucket == _dwellBucket)
        {
            return;
        }

        _dwellBucket = dwellBucket;
        if (decision == _decision)
        {
            await Dispatcher.Update(Availability());
            return;
        }

        if (_decision.CanServe && _state is { Activity: VehicleActivity.Driving } or { PluggedIn: false })
        {
            _dwell.RecordDeparture(_policy.LocalTime(time.GetUtcNow()));
        }

        _decision = decision;
        var vehicleId = this.GetPrimaryKeyString();
        LogDecision(vehicleId, decision.CanServe ? "serving" : "not serving", decision.Reason);
        await Dispatcher.Update(Availability());
    }

    private ServeDecision Evaluate() => _state is null ? ServeDecision.No("no state reported")
        : _reputation.IsQuarantined ? ServeDecision.No("quarantined: it returned a wrong result")
        : Core.Vehicles.Availability.Evaluate(_state.ToStatus(), _policy, time.GetUtcNow());

    private OwnerPolicy ParsePolicy(OwnerPolicyState policy)
    {
        try
        {
            return policy.ToPolicy();
        }
        catch (FormatException ex)
        {
            // A policy we cannot read must not widen what the owner allowed: serve nothing until it is fixed.
            LogBadPolicy(this.GetPrimaryKeyString(), ex.Message);
            return OwnerPolicy.Default with { OptedOut = true };
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
        var categories = _policy.Categories?.Order(StringComparer.Ordinal).ToArray();
        return new VehicleAvailability(
            registration.VehicleId, _epoch, _leased && _decision.CanServe, registration.Slots, registration.ModelName, registration.ContextLength,
            PredictedDwellSeconds(), Region: registration.Region, HardwareClass: registration.ProfileName, Categories: categories);
    }

    private double PredictedDwellSeconds() => _dwell.PredictRemaining(_policy.LocalTime(time.GetUtcNow())).TotalSeconds;

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId} connected (lease {Epoch}, {Profile}, model {Model})")]
    private partial void LogConnected(string vehicleId, long epoch, string profile, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId} lease {Epoch} ended: {Reason}")]
    private partial void LogLeaseEnded(string vehicleId, long epoch, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId} {Serving}: {Reason}")]
    private partial void LogDecision(string vehicleId, string serving, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle {VehicleId} sent an unreadable owner policy ({Problem}); treating it as opted out")]
    private partial void LogBadPolicy(string vehicleId, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vehicle {VehicleId} {What}")]
    private partial void LogQuarantine(string vehicleId, string what);
}
