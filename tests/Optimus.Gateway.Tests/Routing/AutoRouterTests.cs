using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Optimus.Core.Inference;
using Optimus.Gateway.Cloud;
using Optimus.Gateway.Devices;
using Optimus.Gateway.Routing;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Tests.Routing;

public sealed class AutoRouterTests
{
    private static readonly JsonElement EmptyBody = JsonDocument.Parse("{}").RootElement.Clone();

    [Fact]
    public void Decide_NoRouterFile_RulesOnlyAndSaysSo()
    {
        var options = new GatewayOptions { Cloud = new CloudOptions { BaseUrl = new Uri("http://cloud.test/v1"), Model = "m" } };
        var sessions = new AgentSessions();
        using var learned = new LearnedRouter(options);
        var router = new AutoRouter(learned, sessions, options, NullLogger<AutoRouter>.Instance);
        var request = RoutePromptTests.Chat(new ChatMessage("user", "Once upon a time"));

        var beforeAnyVehicle = router.Decide(new HeaderDictionary(), request, EmptyBody).Route;
        using var session = new AgentSession("car-1", 1, contextLength: 512);
        sessions.Add(session);
        var withVehicle = router.Decide(new HeaderDictionary(), request, EmptyBody).Route;

        Assert.Equal(new RouteInfo(RouteTier.Cloud, RouteReasons.NoVehicle), beforeAnyVehicle);
        Assert.Equal(new RouteInfo(RouteTier.Edge, RouteReasons.RulesOnly), withVehicle);
        Assert.Equal("edge; reason=rules-only", withVehicle!.HeaderValue);
    }

    [Fact]
    public void LearnedRouter_MissingFile_FailsAtLoad()
    {
        Assert.Throws<FileNotFoundException>(() => new LearnedRouter(new GatewayOptions { RouterPath = Path.Combine(Path.GetTempPath(), "no-such-router.zip") }));
    }
}
