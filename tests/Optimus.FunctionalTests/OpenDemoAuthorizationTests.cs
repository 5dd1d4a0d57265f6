using Optimus.Cli.Up;

namespace Optimus.FunctionalTests;

/// <summary>
/// The open demo (<c>--no-auth</c>) is an explicit mode of authentication: a request without a key is the local
/// customer, so the inference API answers; it never stands in for an admin or an owner.
/// </summary>
public sealed class OpenDemoAuthorizationTests : RunningGateway
{
    public OpenDemoAuthorizationTests()
        : base(new UpOptions { Vehicles = 1, Echo = true, Gateway = new() { NoAuth = true } })
    {
    }

    [Theory]
    [InlineData("POST", "/v1/chat/completions", """{"model":"optimus-edge","max_tokens":4,"messages":[{"role":"user","content":"hi"}]}""", 200)]
    [InlineData("GET", "/v1/models", null, 200)]
    [InlineData("GET", "/admin/keys", null, 403)]
    [InlineData("POST", "/Admin/keys", """{"name":"x","role":"admin"}""", 403)]
    [InlineData("GET", "/owner/v1/vehicles", null, 403)]
    [InlineData("GET", "/health", null, 200)]
    public async Task NoAuth_KeylessRequest_IsACustomerAndNothingMore(string method, string target, string? body, int expected)
    {
        var (status, _) = await RawHttp.SendAsync(Up.ApiUrl.Port, method, target, null, body, CancellationToken.None);

        Assert.Equal(expected, status);
    }
}
