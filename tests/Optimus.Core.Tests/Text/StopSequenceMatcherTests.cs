using Optimus.Core.Text;

namespace Optimus.Core.Tests.Text;

public sealed class StopSequenceMatcherTests
{
    private static (string Emitted, bool Stopped) Feed(IReadOnlyList<string>? stops, params string[] pieces)
    {
        var matcher = new StopSequenceMatcher(stops);
        var emitted = string.Concat(pieces.Select(matcher.Push)) + matcher.Flush();
        return (emitted, matcher.Stopped);
    }

    [Fact]
    public void Push_NoStops_PassesTextThrough() => Assert.Equal(("Once upon", false), Feed(null, "Once", " upon"));

    [Fact]
    public void Push_StopSplitAcrossPieces_StopsBeforeIt() => Assert.Equal(("Once ", true), Feed(["upon a"], "Once up", "on", " a time"));

    [Fact]
    public void Push_PartialMatchThatFails_ReleasesHeldText() => Assert.Equal(("Once up there", false), Feed(["upon"], "Once up", " there"));

    [Fact]
    public void Push_EarliestOfSeveralStops_Wins() => Assert.Equal(("a", true), Feed(["c", "b"], "abc"));

    [Fact]
    public void Push_PrefixHeldAtEnd_IsFlushedWhenGenerationEnds()
    {
        var matcher = new StopSequenceMatcher(["END"]);
        Assert.Equal("the ", matcher.Push("the EN"));
        Assert.Equal("EN", matcher.Flush());
    }

    [Fact]
    public void Push_AfterStop_EmitsNothing()
    {
        var matcher = new StopSequenceMatcher(["."]);
        Assert.Equal("Hi", matcher.Push("Hi. More"));
        Assert.Equal(string.Empty, matcher.Push("text"));
        Assert.Equal(string.Empty, matcher.Flush());
    }
}
