using Microsoft.Extensions.Configuration;
using Optimus.Gateway.Cloud;

namespace Optimus.Gateway.Tests;

public sealed class GatewayConfigurationTests
{
    [Fact]
    public void Resolve_ExplicitThenEnvironmentThenFile()
    {
        var configuration = Configuration(new()
        {
            ["OPTIMUS_CLOUD_BASE_URL"] = "https://env.example/v1",
            ["Optimus:Cloud:BaseUrl"] = "https://file.example/v1",
            ["Optimus:Cloud:Model"] = "file-model",
            ["OPTIMUS_CLOUD_API_KEY"] = "env-key",
            ["Optimus:Router"] = "file-router.zip",
        });

        var fromConfig = GatewayConfiguration.Resolve(new GatewayOptions(), configuration);
        var explicitly = GatewayConfiguration.Resolve(new GatewayOptions { Cloud = new CloudOptions { BaseUrl = new Uri("http://flag.example/v1"), Model = "flag-model" }, RouterPath = "flag.zip" }, configuration);

        Assert.Equal(("https://env.example/v1", "file-model", "env-key", "file-router.zip"), (fromConfig.Cloud.BaseUrl!.ToString(), fromConfig.Cloud.Model, fromConfig.Cloud.ApiKey, fromConfig.RouterPath));
        Assert.True(fromConfig.Cloud.IsConfigured);
        Assert.Equal(("http://flag.example/v1", "flag-model", "flag.zip"), (explicitly.Cloud.BaseUrl!.ToString(), explicitly.Cloud.Model, explicitly.RouterPath));
    }

    [Fact]
    public void Resolve_NothingSet_NoCloudAndNoRouter()
    {
        var options = GatewayConfiguration.Resolve(new GatewayOptions(), Configuration([]));

        Assert.False(options.Cloud.IsConfigured);
        Assert.Null(options.RouterPath);
    }

    [Theory]
    [InlineData("https://api.example/v1", null)]
    [InlineData(null, "some-model")]
    [InlineData("ftp://api.example/v1", "some-model")]
    [InlineData("not a url", "some-model")]
    public void Resolve_IncompleteOrBadCloud_Throws(string? url, string? model)
    {
        var settings = new Dictionary<string, string?> { ["OPTIMUS_CLOUD_BASE_URL"] = url, ["OPTIMUS_CLOUD_MODEL"] = model };

        Assert.Throws<InvalidDataException>(() => GatewayConfiguration.Resolve(new GatewayOptions(), Configuration(settings)));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
