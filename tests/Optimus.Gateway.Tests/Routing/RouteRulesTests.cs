using Optimus.Gateway.Routing;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Tests.Routing;

public sealed class RouteRulesTests
{
    // A short plain prompt on a fleet with a 512-token edge context and a cloud: no rule applies.
    private static readonly RouteFacts Plain = new(CloudConfigured: true, Hint: null, HasTools: false, StructuredOutput: false, EstimatedPromptTokens: 20, MaxTokens: 64, EdgeContextLength: 512);

    [Fact]
    public void Evaluate_PlainPromptThatFits_LeavesTheDecisionToTheRouter()
    {
        Assert.Null(RouteRules.Evaluate(Plain));
    }

    [Fact]
    public void Evaluate_NoCloudConfigured_EdgeWhateverElseTheRequestAsks()
    {
        var facts = Plain with { CloudConfigured = false, Hint = RouteTier.Cloud, HasTools = true, EstimatedPromptTokens = 10_000 };

        Assert.Equal(new RouteInfo(RouteTier.Edge, RouteReasons.NoCloud), RouteRules.Evaluate(facts));
    }

    [Theory]
    [InlineData(RouteTier.Edge)]
    [InlineData(RouteTier.Cloud)]
    public void Evaluate_Hint_IsObeyedBeforeTheOtherRules(RouteTier hint)
    {
        var facts = Plain with { Hint = hint, HasTools = true, EstimatedPromptTokens = 10_000 };

        Assert.Equal(new RouteInfo(hint, RouteReasons.Hint), RouteRules.Evaluate(facts));
    }

    [Fact]
    public void Evaluate_Tools_GoToTheCloud()
    {
        Assert.Equal(new RouteInfo(RouteTier.Cloud, RouteReasons.Tools), RouteRules.Evaluate(Plain with { HasTools = true, StructuredOutput = true }));
    }

    [Fact]
    public void Evaluate_StructuredOutput_GoesToTheCloud()
    {
        Assert.Equal(new RouteInfo(RouteTier.Cloud, RouteReasons.ResponseFormat), RouteRules.Evaluate(Plain with { StructuredOutput = true }));
    }

    [Fact]
    public void Evaluate_NoVehicleConnected_GoesToTheCloud()
    {
        Assert.Equal(new RouteInfo(RouteTier.Cloud, RouteReasons.NoVehicle), RouteRules.Evaluate(Plain with { EdgeContextLength = 0 }));
    }

    [Theory]
    [InlineData(448, 64, false)]  // exactly the context
    [InlineData(449, 64, true)]   // one token over
    [InlineData(511, 0, false)]   // no max_tokens: room for one token is enough
    [InlineData(512, 0, true)]
    public void Evaluate_PromptPlusMaxTokensBeyondEdgeContext_GoesToTheCloud(int promptTokens, int maxTokens, bool cloud)
    {
        var route = RouteRules.Evaluate(Plain with { EstimatedPromptTokens = promptTokens, MaxTokens = maxTokens });

        Assert.Equal(cloud ? new RouteInfo(RouteTier.Cloud, RouteReasons.ContextLength) : null, route);
    }
}
