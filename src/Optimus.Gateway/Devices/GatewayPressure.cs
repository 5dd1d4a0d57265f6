using Optimus.Gateway.Storage;

namespace Optimus.Gateway.Devices;

/// <summary>
/// What an operator (and the hostile-car test) reads to see the gateway under pressure, in GET /ready: the bounded
/// queues' depths, records set aside in the quarantine, answers whose vehicle misreported, and vehicle messages fenced off.
/// </summary>
internal sealed class GatewayPressure(JobJournal journal, AgentSessions sessions, JobTable jobs, Quarantine quarantine, InferenceDispatcher dispatcher)
{
    public PressureSnapshot Snapshot() => new(
        journal.QueueDepth, JobJournal.Capacity, sessions.LargestOutboundDepth, Protocol.VehicleChannelLimits.OutboundQueueCapacity,
        quarantine.Count, dispatcher.DishonestAnswers, jobs.FencedMessages);
}
