using Optimus.Core.Inference;
using Optimus.Core.Vehicles;

namespace Optimus.Core.Tests.Vehicles;

public sealed class AvailabilityTests
{
    [Theory]
    [InlineData(VehicleActivity.Charging, true, true)]
    [InlineData(VehicleActivity.Parked, true, true)]
    [InlineData(VehicleActivity.Parked, false, false)]
    [InlineData(VehicleActivity.Driving, true, false)]
    [InlineData(VehicleActivity.Sleeping, true, false)]
    [InlineData(VehicleActivity.Offline, true, false)]
    public void CanServe_OnlyStationaryAndPluggedIn(VehicleActivity activity, bool pluggedIn, bool expected) =>
        Assert.Equal(expected, Availability.CanServe(new VehicleStatus(activity, pluggedIn, 0.5)));

    [Fact]
    public void LeaseTiming_ThreeMissedHeartbeats_Expires()
    {
        var lease = new LeaseTiming(TimeSpan.FromSeconds(1));
        var last = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
        Assert.False(lease.HasExpired(last, last.AddSeconds(3)));
        Assert.True(lease.HasExpired(last, last.AddSeconds(3.1)));
    }

    [Fact]
    public void PlainPromptFormat_LoneUserMessage_IsThePromptItself() =>
        Assert.Equal("Once upon a time", PlainPromptFormat.Format([new ChatMessage("user", "Once upon a time")]));

    [Fact]
    public void PlainPromptFormat_Conversation_EndsWithAssistantCue() =>
        Assert.Equal("System: Be brief.\nUser: Hi\nAssistant:", PlainPromptFormat.Format([new("system", "Be brief."), new("user", "Hi")]));
}
