using Optimus.Gateway.Devices;
using Optimus.Protocol;

namespace Optimus.Gateway.Tests.Devices;

public sealed class AgentSessionTests
{
    [Fact]
    public void Send_AnAssignmentOverTheChannelLimit_FailsThatJobAndKeepsTheSession()
    {
        var jobs = new JobTable();
        using var session = new AgentSession("car-1", 3, 512, jobs: jobs);
        var handle = jobs.Register("job-1", "car-1", 3);
        var huge = new JobAssignment { JobId = "job-1", LeaseEpoch = 3, Prompt = new string('x', VehicleChannelLimits.MaxMessageBytes) };

        Assert.False(session.Send(new CoordinatorMessage { Job = huge }));

        Assert.True(handle.Events.TryRead(out var failure));
        Assert.Equal(JobFailureCodes.ContextLengthExceeded, Assert.IsType<JobEvent.Failed>(failure).Code);
        Assert.False(session.Closed.IsCancellationRequested);
        Assert.Equal(0, session.OutboundDepth);
        Assert.True(session.Send(new CoordinatorMessage { Job = new JobAssignment { JobId = "job-2", LeaseEpoch = 3, Prompt = "hi" } }));
    }

    [Fact]
    public void Send_ToAVehicleThatStoppedReading_FailsNewJobsThenClosesTheSession()
    {
        var jobs = new JobTable();
        using var session = new AgentSession("car-1", 3, 512, jobs: jobs);
        for (var i = 0; i < VehicleChannelLimits.OutboundQueueCapacity; i++)
        {
            Assert.True(session.Send(new CoordinatorMessage { Cancel = new CancelJob { JobId = $"old-{i}" } }));
        }

        Assert.Equal(VehicleChannelLimits.OutboundQueueCapacity, session.OutboundDepth);
        var handle = jobs.Register("job-1", "car-1", 3);
        Assert.False(session.Send(new CoordinatorMessage { Job = new JobAssignment { JobId = "job-1", LeaseEpoch = 3 } }));
        Assert.True(handle.Events.TryRead(out var busy));
        Assert.Equal(JobFailureCodes.VehicleBusy, Assert.IsType<JobEvent.Failed>(busy).Code); // moves to another vehicle
        Assert.False(session.Closed.IsCancellationRequested);

        session.CancelJob("one-more");

        Assert.True(session.Overflowed);
        Assert.True(session.Closed.IsCancellationRequested);
    }
}
