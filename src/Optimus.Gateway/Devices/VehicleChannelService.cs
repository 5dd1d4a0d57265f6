using System.Text.RegularExpressions;
using Grpc.Core;
using Optimus.Abstractions;
using Optimus.Core.Vehicles;
using Optimus.Protocol;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Identity;
using Optimus.Gateway.Storage;
using ProtoVehicleState = Optimus.Protocol.VehicleState;

namespace Optimus.Gateway.Devices;

/// <summary>
/// The server side of the vehicle channel. It turns a vehicle's stream into calls on its vehicle grain (registration,
/// heartbeats, lease) and routes job messages to the waiting requests. When the stream ends, or the grain says the
/// lease is no longer current, the session is closed and its jobs are told their vehicle is gone. A policy the vehicle's
/// owner stored (<see cref="EnrolledPolicies"/>) takes precedence over the one its agent reports.
/// </summary>
internal sealed partial class VehicleChannelService(
    IGrainFactory grains,
    AgentSessions sessions,
    JobTable jobs,
    JobJournal journal,
    EnrolledPolicies policies,
    VehicleAuthenticator authenticator,
    GatewayOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<VehicleChannelService> logger,
    Cluster.ClusterRelay? cluster = null) : VehicleChannel.VehicleChannelBase
{
    public override async Task Connect(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<CoordinatorMessage> responseStream, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken) || requestStream.Current.BodyCase != AgentMessage.BodyOneofCase.Register)
        {
            await responseStream.WriteAsync(Reject("The first message on the vehicle channel must be a registration."), cancellationToken);
            return;
        }

        var register = requestStream.Current.Register;
        if (Validate(register) is { } problem)
        {
            await responseStream.WriteAsync(Reject(problem), cancellationToken);
            return;
        }

        // Who is calling: the registration must prove the vehicle's credential (see VehicleAuthenticator). From here on
        // the session speaks only for this vehicle: heartbeats go to its grain, job messages only reach its own jobs.
        var identity = authenticator.Authenticate(register);
        if (!identity.Admitted)
        {
            LogRegistrationRefused(register.VehicleId, identity.Outcome, context.Peer, identity.Reason);
            if (identity.Outcome == VehicleAuthOutcome.Busy)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, identity.Reason)); // transient: the agent retries
            }

            await responseStream.WriteAsync(Reject(identity.Reason), cancellationToken);
            return;
        }

        var vehicle = grains.GetGrain<IVehicleGrain>(register.VehicleId);
        var epoch = await vehicle.Connect(ToRegistration(register) with { Policy = policies.For(register.VehicleId, ToPolicy(register.Policy)) });
        if (cluster is not null)
        {
            await vehicle.AttachRelay(epoch, cluster.RelayReference); // other gateways reach this vehicle through us
        }

        // Energy is billed at the enrolled profile's power, never at the figure the vehicle reported (VehicleFigures).
        var session = new AgentSession(register.VehicleId, epoch, register.Model.ContextLength, VehicleFigures.BilledPowerWatts(register.Profile), register.Model.Name, jobs);
        session.Touch(time.GetUtcNow());
        sessions.Add(session);
        await journal.RecordVehicleAsync(register);
        var registered = new Registered { LeaseEpoch = epoch, HeartbeatIntervalMs = (int)options.HeartbeatInterval.TotalMilliseconds };
        await responseStream.WriteAsync(new CoordinatorMessage { Registered = registered }, cancellationToken);

        // Streams are long-lived: end them when the host stops, or shutdown would wait for every vehicle to hang up.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Closed, lifetime.ApplicationStopping);
        var writer = WriteLoopAsync(session, responseStream, linked.Token);
        var watchdog = WatchdogAsync(session, linked, linked.Token);
        var reason = "connection closed";
        try
        {
            while (await requestStream.MoveNext(linked.Token))
            {
                var message = requestStream.Current;
                session.Touch(time.GetUtcNow());
                if (message.BodyCase == AgentMessage.BodyOneofCase.Heartbeat)
                {
                    if (VehicleFigures.Check(message.Heartbeat) is { } refused)
                    {
                        // A figure out of bounds is a broken or hostile agent: refused, and its session ends.
                        reason = "heartbeat refused: " + refused;
                        session.SendLast(Reject(reason));
                        await writer;
                        break;
                    }

                    var ack = await vehicle.Heartbeat(epoch, ToState(message.Heartbeat.State), policies.For(register.VehicleId, ToPolicy(message.Heartbeat.Policy)));
                    if (!ack.LeaseValid)
                    {
                        reason = "lease no longer current";
                        break;
                    }

                    if (!ack.CanServe)
                    {
                        // Drained at once: the dispatcher already stopped placing here (the grain updated it before
                        // answering); running jobs move to other vehicles and this one is told to stop them.
                        foreach (var jobId in jobs.LoseAll(session.VehicleId, epoch, ack.Reason))
                        {
                            session.Send(new CoordinatorMessage { Cancel = new CancelJob { JobId = jobId } });
                        }
                    }
                }
                else if (message.BodyCase is AgentMessage.BodyOneofCase.Tokens or AgentMessage.BodyOneofCase.Finished or AgentMessage.BodyOneofCase.Failed)
                {
                    var (jobId, messageEpoch) = JobKey(message);
                    jobs.Deliver(jobId, session.VehicleId, epoch, messageEpoch, JobTable.ToEvent(message));
                }
            }
        }
        catch (OperationCanceledException)
        {
            reason = session.Expired ? "lease expired: no heartbeat"
                : lifetime.ApplicationStopping.IsCancellationRequested ? "coordinator shutting down"
                : session.Closed.IsCancellationRequested ? "replaced by a newer connection"
                : "connection closed";
        }
        catch (IOException ex)
        {
            reason = ex.Message;
        }
        finally
        {
            sessions.Remove(session);
            session.Close();
            LogSessionEnded(session.VehicleId, epoch, reason);
            // Placement stops first, so the jobs told below cannot be placed back on this vehicle.
            await vehicle.Disconnect(epoch);
            jobs.LoseAll(session.VehicleId, epoch, reason);
            await Task.WhenAll(writer, watchdog).ContinueWith(static _ => { }, TaskScheduler.Default);
            session.Dispose();
        }
    }

    // A connection that stays open but goes silent (a hung agent, a half-open TCP connection) loses its lease after
    // the same number of missed heartbeats as the vehicle grain allows.
    private async Task WatchdogAsync(AgentSession session, CancellationTokenSource linked, CancellationToken cancellationToken)
    {
        var lease = new LeaseTiming(options.HeartbeatInterval);
        using var timer = new PeriodicTimer(options.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (lease.HasExpired(session.LastSeen, time.GetUtcNow()))
                {
                    session.Expired = true;
                    await linked.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended first.
        }
    }

    private static async Task WriteLoopAsync(AgentSession session, IServerStreamWriter<CoordinatorMessage> stream, CancellationToken cancellationToken)
    {
        await foreach (var message in session.Outbound.ReadAllAsync(cancellationToken))
        {
            await stream.WriteAsync(message, cancellationToken);
        }
    }

    private static (string JobId, long Epoch) JobKey(AgentMessage message) => message.BodyCase switch
    {
        AgentMessage.BodyOneofCase.Tokens => (message.Tokens.JobId, message.Tokens.LeaseEpoch),
        AgentMessage.BodyOneofCase.Finished => (message.Finished.JobId, message.Finished.LeaseEpoch),
        _ => (message.Failed.JobId, message.Failed.LeaseEpoch),
    };

    private static string? Validate(Register register)
    {
        if (!VehicleIdPattern().IsMatch(register.VehicleId))
        {
            return "vehicle_id must be 1 to 64 characters of letters, digits, '.', '_' or '-'.";
        }

        return VehicleFigures.Check(register);
    }

    private static CoordinatorMessage Reject(string reason) => new() { Rejected = new Rejected { Reason = reason } };

    private static Abstractions.VehicleState ToState(ProtoVehicleState? state) => state is null
        ? Abstractions.VehicleState.From(VehicleStatus.Offline)
        : new Abstractions.VehicleState((VehicleActivity)(int)state.Activity, state.PluggedIn, state.StateOfCharge, state.ThermalHeadroomC, state.EnergyUsedTodayWh);

    private static OwnerPolicyState ToPolicy(Protocol.OwnerPolicy? policy) => policy is null
        ? OwnerPolicyState.Default
        : new OwnerPolicyState(policy.PluggedInOnly, policy.ChargeFloor, policy.Hours, policy.TimeZone, policy.DailyEnergyCapWh, policy.OptedOut, [.. policy.Categories]);

    private static VehicleRegistration ToRegistration(Register register) => new(
        register.VehicleId,
        register.Profile.Name,
        register.Profile.Dies,
        register.Profile.MemoryPerDieBytes,
        register.Profile.PowerWatts,
        register.Model.Name,
        register.Model.ContextLength,
        register.Slots,
        ToState(register.State),
        ToPolicy(register.Policy),
        string.IsNullOrWhiteSpace(register.Region) ? "local" : register.Region);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex VehicleIdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Vehicle {VehicleId} session (lease {Epoch}) ended: {Reason}")]
    private partial void LogSessionEnded(string vehicleId, long epoch, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a registration as vehicle {VehicleId} ({Outcome}) from {Peer}: {Reason}")]
    private partial void LogRegistrationRefused(string vehicleId, VehicleAuthOutcome outcome, string peer, string reason);
}
