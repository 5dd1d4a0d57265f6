using Optimus.Gateway.Devices;
using Optimus.Protocol;

namespace Optimus.Gateway.Tests.Devices;

public sealed class TokenMeterTests
{
    [Fact]
    public void Admit_WithinTheLimit_DeliversAndCountsEveryToken()
    {
        var meter = new TokenMeter(4);

        Assert.Equal(3, meter.Admit(Tokens(0, 1, 2)));
        Assert.Equal(2, meter.Admit(Tokens(3, -1))); // the last billable token, then the held-back end of text
        Assert.Equal(4, meter.Billable);
        Assert.False(meter.CutOff);
    }

    [Fact]
    public void Admit_PastTheLimit_CutsTheChunkAtTheLimit()
    {
        var meter = new TokenMeter(3);

        Assert.Equal(3, meter.Admit(Tokens(0, 1, 2, 3, 4)));
        Assert.True(meter.CutOff);
        Assert.Equal(0, meter.Admit(Tokens(5)));
        Assert.Equal(3, meter.Billable);
    }

    [Fact]
    public void Admit_EndlessTokensWithoutIds_AreCutAfterOne()
    {
        var meter = new TokenMeter(100);

        Assert.Equal(1, meter.Admit(Tokens(-1, -1, -1)));
        Assert.True(meter.CutOff);
        Assert.Equal(0, meter.Billable);
    }

    [Theory]
    [InlineData(16, 512, 100, true, 16)]    // max_tokens
    [InlineData(0, 512, 100, true, 412)]    // what the context leaves after an exact prompt count
    [InlineData(0, 512, 1000, false, 512)]  // an upper bound of the prompt does not shrink the limit
    [InlineData(0, 512, 600, true, 1)]      // never below one
    public void For_ARequest_IsItsLimit(int maxTokens, int context, int prompt, bool exact, int expected) =>
        Assert.Equal(expected, TokenMeter.For(maxTokens, context, new PromptCount(prompt, exact)).Limit);

    [Fact]
    public void For_NoMaxTokensAndAContextBeyondTheDefaultCap_CapsAtWhatMeteringReservedWithoutBlamingTheVehicle()
    {
        var meter = TokenMeter.For(0, 8192, new PromptCount(100, true), defaultCap: 2048);

        Assert.Equal(2048, meter.Limit);
        Assert.False(meter.VehicleKnowsLimit);
        Assert.True(TokenMeter.For(0, 512, new PromptCount(100, true), defaultCap: 2048).VehicleKnowsLimit);
    }

    private static Token[] Tokens(params int[] ids) => [.. ids.Select(id => new Token { Text = "t", Id = id })];
}
