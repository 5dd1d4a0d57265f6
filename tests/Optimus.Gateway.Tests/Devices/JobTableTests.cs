using Optimus.Gateway.Devices;
using Optimus.Protocol;

namespace Optimus.Gateway.Tests.Devices;

public sealed class JobTableTests
{
    private static readonly JobEvent Tokens = new JobEvent.Tokens([new Token { Text = "late", Id = 7 }]);

    [Fact]
    public void Deliver_FromTheAssignedLease_ReachesTheJob()
    {
        var table = new JobTable();
        var handle = table.Register("job-1", "car-a", leaseEpoch: 10);

        Assert.True(table.Deliver("job-1", "car-a", sessionEpoch: 10, messageEpoch: 10, Tokens));
        Assert.True(handle.Events.TryRead(out var delivered));
        Assert.Same(Tokens, delivered);
    }

    [Theory]
    [InlineData("car-a", 9, 9)]   // the vehicle's previous connection (lease ended)
    [InlineData("car-a", 11, 10)] // a session claiming another epoch's job
    [InlineData("car-b", 10, 10)] // another vehicle
    public void Deliver_FromAnyOtherLease_IsDroppedAndCounted(string vehicle, long sessionEpoch, long messageEpoch)
    {
        var table = new JobTable();
        var handle = table.Register("job-1", "car-a", leaseEpoch: 10);

        Assert.False(table.Deliver("job-1", vehicle, sessionEpoch, messageEpoch, Tokens));
        Assert.False(handle.Events.TryRead(out _));
        Assert.Equal(1, table.FencedMessages);
        Assert.Equal(vehicle == "car-a" ? 0 : 1, table.ForeignMessages);
    }

    [Fact]
    public void Deliver_AfterTheJobMovedToAnotherVehicle_IsDropped()
    {
        var table = new JobTable();
        var first = table.Register("job-1", "car-a", 10);
        table.Remove(first);
        var second = table.Register("job-1", "car-b", 20);

        Assert.False(table.Deliver("job-1", "car-a", 10, 10, Tokens));
        Assert.False(second.Events.TryRead(out _));
    }

    [Fact]
    public void LoseAll_TellsOnlyTheJobsOfThatLease()
    {
        var table = new JobTable();
        var a = table.Register("job-a", "car-a", 10);
        var b = table.Register("job-b", "car-b", 10);

        Assert.Equal(["job-a"], table.LoseAll("car-a", 10, "driving"));
        Assert.True(a.Events.TryRead(out var lost));
        Assert.Equal(new JobEvent.Lost("driving"), lost);
        Assert.False(b.Events.TryRead(out _));
    }
}
