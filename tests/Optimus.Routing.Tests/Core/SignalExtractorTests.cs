using Optimus.Core.Routing;

namespace Optimus.Routing.Tests.Core;

public sealed class SignalExtractorTests
{
    private const string Prompt = "James runs 3 sprints 3 times a week. He runs 60 meters each sprint. How many meters a week?";

    [Fact]
    public void Extract_WorkedAnswerWithFinal_ReadsFinalAndMatch()
    {
        var signals = ResponseSignalExtractor.Extract(Prompt, "3 x 60 = <<3*60=180>>180 meters.\n180 x 3 = <<180*3=540>>540.\n#### 540\n");

        Assert.True(signals.HasFinalAnswer);
        Assert.Equal(540, signals.FinalAnswer);
        Assert.True(signals.FinalMatchesLastResult);
        Assert.False(signals.FinalAnswerInPrompt);
        Assert.True(signals.EndsCleanly);
        Assert.Equal(0, BaselineScores.FromResponse(signals));
    }

    [Fact]
    public void Extract_TruncatedAnswer_HasNoFinalAndEndsUncleanly()
    {
        var signals = ResponseSignalExtractor.Extract(Prompt, " The house's value is 80,000 + 50,000 = $<<80000+50000=130000>>130,00");

        Assert.False(signals.HasFinalAnswer);
        Assert.Null(signals.FinalAnswer);
        Assert.False(signals.EndsCleanly);
        Assert.True(BaselineScores.FromResponse(signals) > 0);
    }

    [Fact]
    public void Extract_AnswerIsPhrase_CountsAsFinal()
    {
        var signals = ResponseSignalExtractor.Extract(Prompt, "He runs 540 meters, so the answer is 540.");

        Assert.True(signals.HasFinalAnswer);
        Assert.Equal(540, signals.FinalAnswer);
    }

    [Fact]
    public void Extract_MultipleChoicePrompt_ReadsOptionsAndNegation()
    {
        var signals = PromptSignalExtractor.Extract(
            "Which of the following is NOT a prime number?\nA. 2\nB. 3\nC. 9\nD. 11\nAnswer:");

        Assert.Equal(4, signals.Options);
        Assert.Equal(4, signals.NumericOptions);
        Assert.Equal(1, signals.Negations);
        Assert.Equal(4, signals.Numbers);
        Assert.Equal(PromptSignals.FeatureNames.Count, signals.ToFeatures().Length);
    }

    [Fact]
    public void FeatureNames_MatchVectorLengths()
    {
        var response = ResponseSignalExtractor.Extract("1+1?", "1 + 1 = 2\n#### 2");

        Assert.Equal(ResponseSignals.FeatureNames.Count, response.ToFeatures().Length);
        Assert.Equal(SubjectRates.FeatureNames.Count, new SubjectRates(0.5, 0.8, 10).ToFeatures().Length);
        Assert.Equal(NeighborSignals.FeatureNames.Count, new NeighborSignals(0.5, 0.5, 0, 0).ToFeatures().Length);
    }
}
