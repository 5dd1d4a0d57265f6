using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Optimus.Gateway.Routing;
using Optimus.Routing.Model;

namespace Optimus.Gateway.Tests.Routing;

public sealed class RouteHintTests
{
    [Theory]
    [InlineData("edge", RouteTier.Edge)]
    [InlineData("Cloud", RouteTier.Cloud)]
    [InlineData(" cloud ", RouteTier.Cloud)]
    public void Read_Header_GivesTheTier(string header, RouteTier expected)
    {
        var (hint, error) = RouteHint.Read(Headers(header), Body("{}"));

        Assert.Null(error);
        Assert.Equal(expected, hint);
    }

    [Fact]
    public void Read_BodyField_GivesTheTierAndTheHeaderWins()
    {
        var body = Body("""{"optimus":{"route":"cloud"}}""");

        Assert.Equal(RouteTier.Cloud, RouteHint.Read(Headers(null), body).Hint);
        Assert.Equal(RouteTier.Edge, RouteHint.Read(Headers("edge"), body).Hint);
    }

    [Fact]
    public void Read_NoHint_IsNull()
    {
        Assert.Equal((null, null), RouteHint.Read(Headers(null), Body("""{"optimus":{}}""")));
        Assert.Equal((null, null), RouteHint.Read(Headers(null), Body("{}")));
    }

    [Theory]
    [InlineData("moon", null, "x-optimus-route")]
    [InlineData(null, """{"optimus":{"route":"moon"}}""", "optimus.route")]
    [InlineData(null, """{"optimus":{"route":3}}""", "optimus.route")]
    [InlineData(null, """{"optimus":"cloud"}""", "optimus")]
    public void Read_Malformed_Is400NamingTheField(string? header, string? body, string param)
    {
        var (hint, error) = RouteHint.Read(Headers(header), Body(body ?? "{}"));

        Assert.Null(hint);
        Assert.Equal(400, error!.Status);
        Assert.Equal(param, error.Param);
    }

    private static HeaderDictionary Headers(string? route) => route is null ? new() : new() { [RouteInfo.Header] = route };

    private static JsonElement Body(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
