using Optimus.Gateway.Devices;
using Optimus.Protocol;

namespace Optimus.Gateway.Tests.Devices;

public sealed class JobHandleTests
{
    private static readonly JobEvent.Tokens OneToken = new([new Token { Text = "x", Id = 1 }]);

    [Fact]
    public void Post_VehicleFarAheadOfTheReader_EndsTheAttemptAsDepartedAndAcceptsNothingMore()
    {
        var handle = new JobHandle("job-1", "car-1", 1);
        for (var i = 0; i < JobHandle.MaxPending; i++)
        {
            Assert.True(handle.Post(OneToken));
        }

        Assert.False(handle.Post(OneToken));
        Assert.False(handle.Post(OneToken));

        Assert.True(handle.Overrun);
        AssertEndsDeparted(handle, JobHandle.MaxPending + 1);
    }

    [Fact]
    public void Post_MoreTokensThanTheAttemptMayHold_EndsTheAttempt()
    {
        var handle = new JobHandle("job-1", "car-1", 1, maxTokens: 8);
        for (var i = 0; i < 8 + JobHandle.TokenSlack; i++)
        {
            Assert.True(handle.Post(OneToken));
        }

        Assert.False(handle.Post(OneToken));

        AssertEndsDeparted(handle, 8 + JobHandle.TokenSlack + 1);
    }

    [Fact]
    public void Post_HugeTokenTexts_EndTheAttemptBeforeTheyAreHeld()
    {
        var handle = new JobHandle("job-1", "car-1", 1, maxTokens: 8);
        var huge = new JobEvent.Tokens([new Token { Text = new string('x', JobHandle.ExtraChars + 100_000), Id = 1 }]);

        Assert.False(handle.Post(huge));

        AssertEndsDeparted(handle, 1);
    }

    private static void AssertEndsDeparted(JobHandle handle, int events)
    {
        Assert.Equal(events, handle.Events.Count);
        var last = handle.Events.ReadAllAsync().ToBlockingEnumerable().Last();
        Assert.Equal(JobFailureCodes.VehicleDeparted, Assert.IsType<JobEvent.Failed>(last).Code);
    }
}
