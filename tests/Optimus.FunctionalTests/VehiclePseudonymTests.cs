using System.Net;
using System.Text.Json;
using Optimus.Gateway.Accounts;
using Optimus.Gateway.Api;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>Customers see a stable pseudonym of the serving vehicle, never its id; gateways sharing accounts agree on it.</summary>
[Collection(FleetGroup.Name)]
public sealed class VehiclePseudonymTests(FleetFixture fleet)
{
    [Fact]
    public async Task ChatCompletions_Served_HeaderAndBodyNameAPseudonymNotTheVehicleId()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await fleet.Http.PostAsync("v1/chat/completions", TestRequests.Chat(2));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var header = response.Headers.GetValues("x-optimus-vehicle").Single();
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("optimus").GetProperty("vehicle").GetString();
            Assert.Equal(header, body);
            Assert.Matches("^veh-[0-9a-f]{12}$", header);
            seen.Add(header);
        }

        var real = fleet.Up.Fleet.Vehicles.Select(v => v.Agent.VehicleId).ToList();
        Assert.DoesNotContain(seen, real.Contains);
        Assert.Subset(real.Select(fleet.Up.PublicName).ToHashSet(), seen);
    }

    [Fact]
    public void Of_TwoGatewaysOnOneAccountsDatabase_AgreeAndDifferentVehiclesDiffer()
    {
        var data = TestRequests.TempData();
        try
        {
            using var first = AccountsDatabase.Sqlite(data);
            using var second = AccountsDatabase.Sqlite(data);
            var a = new VehiclePseudonyms(first);
            var b = new VehiclePseudonyms(second);

            Assert.Equal(a.Of("car-1"), b.Of("car-1"));
            Assert.NotEqual(a.Of("car-1"), a.Of("car-2"));
            Assert.DoesNotContain("car-1", a.Of("car-1"), StringComparison.Ordinal);
        }
        finally
        {
            TestPaths.DeleteQuietly(data);
        }
    }
}
