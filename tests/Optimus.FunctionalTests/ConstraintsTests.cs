using System.Net;
using System.Text;
using Optimus.Cli.Up;
using Optimus.Core.Vehicles;

namespace Optimus.FunctionalTests;

/// <summary>Hard placement filters: a request's required region and hardware class, and the owner's job categories.</summary>
public sealed class ConstraintsTests
{
    private static HttpRequestMessage Chat(string? region = null, string? hardware = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"optimus-edge","temperature":0,"max_tokens":1,"messages":[{"role":"user","content":"Once upon a time"}]}""", Encoding.UTF8, "application/json"),
        };
        if (region is not null)
        {
            request.Headers.Add("x-optimus-region", region);
        }

        if (hardware is not null)
        {
            request.Headers.Add("x-optimus-hardware", hardware);
        }

        return request;
    }

    [Fact]
    public async Task Placement_RegionHardwareAndCategories_AreHardFilters()
    {
        var data = Path.Combine(Path.GetTempPath(), "optimus-tests", Guid.NewGuid().ToString("N"));
        await using var up = await FleetFixture.StartAsync(new UpOptions { Vehicles = 0 }, data);
        await using var eu = InProcessAgent.Start(up, "eu-car", region: "eu-west", seed: 1);
        await using var us = InProcessAgent.Start(up, "us-car", region: "us-pacific", seed: 2);
        var batchOnly = OwnerPolicy.Default with { Categories = new HashSet<string> { "batch" } };
        await using var nightWorker = InProcessAgent.Start(up, "batch-only-car", region: "eu-west", seed: 3, policy: batchOnly);
        await Task.WhenAll(eu.WaitForRegistrationAsync(TimeSpan.FromSeconds(30)), us.WaitForRegistrationAsync(TimeSpan.FromSeconds(30)), nightWorker.WaitForRegistrationAsync(TimeSpan.FromSeconds(30)));
        using var http = new HttpClient { BaseAddress = up.ApiUrl, DefaultRequestHeaders = { Authorization = up.Authorization } };

        for (var i = 0; i < 15; i++)
        {
            using var inEu = await http.SendAsync(Chat(region: "eu-west"));
            Assert.Equal(up.PublicName("eu-car"), inEu.Headers.GetValues("x-optimus-vehicle").Single()); // never the batch-only car
            using var anywhere = await http.SendAsync(Chat());
            Assert.NotEqual(up.PublicName("batch-only-car"), anywhere.Headers.GetValues("x-optimus-vehicle").Single());
        }

        using var onMars = await http.SendAsync(Chat(region: "mars"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, onMars.StatusCode);
        using var ai5 = await http.SendAsync(Chat(hardware: "ai5"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ai5.StatusCode);
        using var ai4 = await http.SendAsync(Chat(region: "us-pacific", hardware: "ai4-8gb"));
        Assert.Equal(up.PublicName("us-car"), ai4.Headers.GetValues("x-optimus-vehicle").Single());
    }
}
