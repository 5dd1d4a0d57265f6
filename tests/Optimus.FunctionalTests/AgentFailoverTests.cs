using System.Net;
using Optimus.Agent;
using Optimus.Cli.Up;
using Optimus.Core.Vehicles;
using Optimus.Gateway;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>An agent given several gateways moves to the next when the one it is connected to goes away.</summary>
public sealed class AgentFailoverTests
{
    [Fact]
    public async Task Agent_ItsGatewayStops_RegistersWithTheNextAndServesThere()
    {
        var open = new GatewayOptions { NoAuth = true };
        string dataA = TestRequests.TempData(), dataB = TestRequests.TempData();
        var a = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0, Gateway = open }, dataA);
        await using var b = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0, Gateway = open }, dataB);
        var options = new AgentOptions(a.AgentUrl, "roamer", HardwareProfiles.Default) { AlternateCoordinators = [b.AgentUrl] };
        await using var agent = InProcessAgent.Start(options, VehicleModels.Echo(HardwareProfiles.Default));
        var stopped = false;
        try
        {
            await agent.WaitForRegistrationAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.OK, await ServedByRoamerAsync(a));

            await a.DisposeAsync();
            stopped = true;
            await agent.WaitForRegistrationAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(HttpStatusCode.OK, await ServedByRoamerAsync(b));
        }
        finally
        {
            if (!stopped)
            {
                await a.DisposeAsync();
            }

            TestPaths.DeleteQuietly(dataA);
            TestPaths.DeleteQuietly(dataB);
        }
    }

    private static async Task<HttpStatusCode> ServedByRoamerAsync(OptimusUp gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway.ApiUrl };
        using var response = await http.PostAsync("v1/chat/completions", TestRequests.Chat(2));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(gateway.PublicName("roamer"), response.Headers.GetValues("x-optimus-vehicle").Single());
        return response.StatusCode;
    }
}
