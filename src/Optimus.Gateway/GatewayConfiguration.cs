using Optimus.Gateway.Cloud;

namespace Optimus.Gateway;

/// <summary>
/// Completes the options the caller (the command line, a test) left unset: first from environment variables
/// (<c>OPTIMUS_CLOUD_BASE_URL</c>, <c>OPTIMUS_CLOUD_API_KEY</c>, <c>OPTIMUS_CLOUD_MODEL</c>, <c>OPTIMUS_ROUTER</c>,
/// <c>OPTIMUS_VEHICLE_SIGNING_KEY</c>, <c>OPTIMUS_AGENT_CERT_PASSWORD</c>),
/// then from the configuration file's <c>Optimus</c> section (<c>Optimus:Cloud:BaseUrl</c>, <c>:ApiKey</c>,
/// <c>:Model</c>, <c>Optimus:Router</c>).
/// </summary>
internal static class GatewayConfiguration
{
    /// <summary>The configuration file read from the working folder, besides <c>appsettings.json</c>.</summary>
    public const string FileName = "optimus.json";

    /// <exception cref="InvalidDataException">The base URL is not an absolute http(s) URL, or only one of base URL and model is set.</exception>
    public static GatewayOptions Resolve(GatewayOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var cloud = options.Cloud;
        var baseUrl = cloud.BaseUrl ?? ParseUrl(First(configuration, "OPTIMUS_CLOUD_BASE_URL", "Optimus:Cloud:BaseUrl"));
        cloud = cloud with
        {
            BaseUrl = baseUrl,
            ApiKey = cloud.ApiKey ?? First(configuration, "OPTIMUS_CLOUD_API_KEY", "Optimus:Cloud:ApiKey"),
            Model = cloud.Model ?? First(configuration, "OPTIMUS_CLOUD_MODEL", "Optimus:Cloud:Model"),
        };
        if (cloud.BaseUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidDataException($"The cloud base URL '{url}' must be an absolute http:// or https:// URL.");
        }

        if ((cloud.BaseUrl is null) != string.IsNullOrWhiteSpace(cloud.Model))
        {
            throw new InvalidDataException(cloud.BaseUrl is null
                ? "A cloud model is set but no cloud base URL: set --cloud-base-url or OPTIMUS_CLOUD_BASE_URL too."
                : "A cloud base URL is set but no cloud model: set --cloud-model or OPTIMUS_CLOUD_MODEL too.");
        }

        return options with
        {
            Cloud = cloud,
            RouterPath = options.RouterPath ?? First(configuration, "OPTIMUS_ROUTER", "Optimus:Router"),
            VehicleSigningKey = options.VehicleSigningKey ?? First(configuration, Identity.VehicleSigningKey.EnvironmentVariable, "Optimus:VehicleSigningKey"),
            AgentCertificatePassword = options.AgentCertificatePassword ?? First(configuration, "OPTIMUS_AGENT_CERT_PASSWORD", "Optimus:AgentCertificatePassword"),
        };
    }

    private static string? First(IConfiguration configuration, params string[] keys) =>
        keys.Select(k => configuration[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static Uri? ParseUrl(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var url)
            ? url
            : throw new InvalidDataException($"The cloud base URL '{value}' is not an absolute URL.");
    }
}
