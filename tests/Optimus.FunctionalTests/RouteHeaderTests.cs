using System.Net;
using System.Text.Json;
using OpenAI.Chat;

namespace Optimus.FunctionalTests;

/// <summary>Route headers on the default fleet, which has no cloud tier and no router file.</summary>
[Collection(FleetGroup.Name)]
public sealed class RouteHeaderTests(FleetFixture fleet)
{
    [Fact]
    public async Task CompleteChat_EdgeModel_SaysEdgeBecauseTheModelNamedIt()
    {
        var headers = new RouteHeaders();

        var result = await headers.Chat(fleet.Up, "optimus-edge").CompleteChatAsync([new UserChatMessage("Once upon a time")], new ChatCompletionOptions { MaxOutputTokenCount = 4 });

        Assert.Equal("edge; reason=model", headers.Route);
        Assert.Equal("model", JsonDocument.Parse(result.GetRawResponse().Content.ToString()).RootElement.GetProperty("optimus").GetProperty("route").GetString());
    }

    [Fact]
    public async Task CompleteChat_AutoWithoutCloud_ServesOnTheEdgeAndSaysWhy()
    {
        var headers = new RouteHeaders(hint: "cloud");

        await headers.Chat(fleet.Up, "optimus-auto").CompleteChatAsync([new UserChatMessage("Once upon a time")], new ChatCompletionOptions { MaxOutputTokenCount = 4 });

        Assert.Equal("edge; reason=no-cloud", headers.Route);
        Assert.StartsWith("veh-", headers.Vehicle, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_NoCloud_ListsEdgeAndAutoAndCloudIsUnknown()
    {
        using var json = JsonDocument.Parse(await fleet.Http.GetStringAsync("v1/models"));
        using var cloud = await fleet.Http.GetAsync("v1/models/optimus-cloud");

        Assert.Equal(["optimus-edge", "optimus-auto"], json.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, cloud.StatusCode);
    }
}
