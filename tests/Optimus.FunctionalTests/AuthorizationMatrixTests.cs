using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Gateway.Accounts;

namespace Optimus.FunctionalTests;

/// <summary>
/// The authorization matrix: every endpoint the gateway maps (read from its endpoint data source, so a new endpoint is
/// covered without editing this test) × spellings of its path (case, double slashes, dot segments, percent-encoding,
/// a trailing slash) × callers (no key, a customer, an owner of another vehicle, an admin). Nothing reaches a guarded
/// endpoint without its role; every refusal is an OpenAI-shaped error that carries no data.
/// </summary>
public sealed class AuthorizationMatrixTests : RunningGateway
{
    private const string OtherOwner = "matrix-other-owner";
    private readonly Dictionary<string, string?> _callers = [];

    public AuthorizationMatrixTests()
        : base(new UpOptions { Vehicles = 1, Echo = true })
    {
    }

    private string Car => Up.Fleet.Vehicles[0].Agent.VehicleId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var owners = Up.App.Services.GetRequiredService<OwnerStore>();
        owners.Create(OtherOwner);
        owners.Enrol(OtherOwner, "matrix-other-car");
        var keys = Up.App.Services.GetRequiredService<KeyRing>().Store;
        _callers["none"] = null;
        _callers["customer"] = Up.DemoKey;
        _callers["other owner"] = keys.Create("matrix-other-owner-key", KeyRole.Owner, OtherOwner, KeyLimits.None).Secret;
        _callers["owner"] = keys.Create("matrix-owner-key", KeyRole.Owner, OptimusUp.DemoOwner, KeyLimits.None).Secret;
        _callers["admin"] = keys.Create("matrix-admin-key", KeyRole.Admin, "operator", KeyLimits.None).Secret;
        _callers["malformed"] = "sk-opt-not-a-key";
    }

    [Fact]
    public void Endpoints_EachDeclaresWhoMayCallIt_OnlyProbesAndTheVehicleChannelAreOpen()
    {
        foreach (var endpoint in Endpoints())
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var open = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var name = endpoint.DisplayName ?? endpoint.RoutePattern.RawText;
            if (open)
            {
                Assert.True(IsProbe(endpoint) || IsVehicleChannel(endpoint) || IsFallback(endpoint), $"{name} is open to anyone but is not a probe, the 404 fallback or the vehicle channel.");
            }
            else
            {
                Assert.True(policies.Count > 0, $"{name} declares no policy (the fallback policy would deny it).");
                Assert.All(policies, p => Assert.Contains(p, new[] { ApiPolicies.Customer, ApiPolicies.Admin, ApiPolicies.Owner }));
            }
        }
    }

    [Fact]
    public async Task Endpoints_EverySpellingAndCaller_OnlyTheirRoleGetsIn()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var port = Up.ApiUrl.Port;
        var failures = new List<string>();
        var cases = 0;
        foreach (var endpoint in Endpoints().Where(e => !IsVehicleChannel(e) && !IsFallback(e)))
        {
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).FirstOrDefault();
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            var method = methods is { Count: > 0 } ? methods[0] : "GET";
            var path = Fill(endpoint.RoutePattern.RawText!);
            var body = method is "POST" or "PUT" ? "{}" : null;
            foreach (var (callerName, key) in _callers)
            {
                int? canonical = null;
                foreach (var (spelling, target, routes) in Spellings(path))
                {
                    cases++;
                    var (status, response) = await RawHttp.SendAsync(port, method, target, key, body, timeout.Token);
                    canonical ??= status;
                    var verdict = Judge(policy, callerName, path, status, response, routes, canonical.Value);
                    if (verdict is not null)
                    {
                        failures.Add($"{method} {target} ({spelling}) as {callerName}: {status} — {verdict}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n" + string.Join('\n', failures.Take(40)));
        Assert.True(cases > 500, $"only {cases} cases were tried");
    }

    [Theory]
    [InlineData("GET", "/ADMIN/keys", null)]
    [InlineData("POST", "/Admin/keys", """{"name":"x","role":"admin"}""")]
    [InlineData("POST", "/Admin/owners/demo-owner/vehicles", """{"vehicle_id":"stolen"}""")]
    [InlineData("POST", "/V1/chat/completions", """{"model":"optimus-edge","messages":[{"role":"user","content":"hi"}]}""")]
    public async Task KnownExploits_WithoutAKey_AreUnauthorized(string method, string target, string? body)
    {
        var (status, response) = await RawHttp.SendAsync(Up.ApiUrl.Port, method, target, null, body, CancellationToken.None);

        Assert.Equal(401, status);
        Assert.Contains("\"code\":\"invalid_api_key\"", response, StringComparison.Ordinal);
        Assert.DoesNotMatch("sk-opt-[A-Za-z0-9_-]{16,}", response); // no key in the answer
    }

    // Null when the outcome is right; else what is wrong with it.
    private string? Judge(string? policy, string caller, string path, int status, string response, bool routes, int canonical)
    {
        var denied = status is 401 or 403 or 404;
        var shaped = response.Contains("\"error\":{", StringComparison.Ordinal) && response.Contains("\"type\":", StringComparison.Ordinal);
        if (status >= 500)
        {
            return "a server error";
        }

        if (policy is null)
        {
            return status is 401 or 403 ? "a probe refused a caller" : null;
        }

        var role = caller switch { "customer" => ApiPolicies.Customer, "admin" => ApiPolicies.Admin, "owner" or "other owner" => ApiPolicies.Owner, _ => null };
        if (role != policy)
        {
            if (!denied || !shaped)
            {
                return "a caller without the role got in, or its refusal is not an OpenAI error";
            }

            if (routes && status != canonical)
            {
                return $"this spelling routes like the canonical path, which answered {canonical}";
            }

            var expected = caller is "none" or "malformed" ? 401 : 403;
            return routes && status != expected ? $"expected {expected}" : null;
        }

        if (caller == "other owner" && path.Contains(Car, StringComparison.Ordinal))
        {
            return status == 404 && shaped && !response.Contains("\"policy\"", StringComparison.Ordinal) ? null : "another owner's vehicle must look absent";
        }

        if (caller == "other owner" && response.Contains(Car, StringComparison.Ordinal))
        {
            return "another owner's vehicle leaked";
        }

        return status is 401 or 403 ? "the role's own caller was refused" : null;
    }

    private string Fill(string pattern) => pattern
        .Replace("{id}", pattern.StartsWith("/owner/", StringComparison.Ordinal) ? Car : "file-x", StringComparison.Ordinal)
        .Replace("{name}", OptimusUp.DemoOwner, StringComparison.Ordinal)
        .Replace("{period}", "2026-12", StringComparison.Ordinal);

    // Each spelling, and whether Kestrel and the router take it to the same endpoint as the plain path.
    private static IEnumerable<(string Spelling, string Target, bool Routes)> Spellings(string path)
    {
        var first = path.IndexOf('/', 1);
        var segment = first < 0 ? path[1..] : path[1..first];
        var rest = first < 0 ? string.Empty : path[first..];
        yield return ("plain", path, true);
        yield return ("upper case", path.ToUpperInvariant(), true);
        yield return ("capitalised", "/" + char.ToUpperInvariant(segment[0]) + segment[1..] + rest, true);
        yield return ("trailing slash", path + "/", true);
        yield return ("dot segment", "/./" + path[1..], true);
        yield return ("dot-dot segment", "/v1/../" + path[1..], true);
        yield return ("percent-encoded letter", "/%" + ((int)segment[0]).ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + segment[1..] + rest, true);
        yield return ("leading double slash", "/" + path, false);
        yield return ("inner double slash", rest.Length > 0 ? "/" + segment + "/" + rest : path + "//", false);
        yield return ("encoded slash", rest.Length > 0 ? "/" + segment + "%2F" + rest[1..] : path + "%2F", false);
    }

    private List<RouteEndpoint> Endpoints()
    {
        var endpoints = Up.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 20, $"only {endpoints.Count} endpoints were found");
        return endpoints;
    }

    private static bool IsProbe(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText is "/health" or "/ready";

    private static bool IsFallback(RouteEndpoint endpoint) => endpoint.RoutePattern.RawText?.StartsWith("{*", StringComparison.Ordinal) == true;

    private bool IsVehicleChannel(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHostMetadata>()?.Hosts.Any(h => h.EndsWith($":{Up.App.Services.GetRequiredService<Gateway.GatewayOptions>().AgentPort}", StringComparison.Ordinal)) == true;
}
