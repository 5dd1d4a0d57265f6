using Optimus.Gateway.Accounts;
using System.Security.Cryptography.X509Certificates;

namespace Optimus.Gateway.Identity;

/// <summary>Registers vehicle identity: the signing key, credentials, the registration check and the channel's certificate.</summary>
internal static class IdentityServiceCollectionExtensions
{
    public static IServiceCollection AddVehicleIdentity(this IServiceCollection services, GatewayOptions options, X509Certificate2? agentCertificate)
    {
        services.AddSingleton(VehicleSigningKey.Load(options.DataDirectory, options.VehicleSigningKey));
        services.AddSingleton(static sp => new VehicleCredentials(
            sp.GetRequiredService<AccountsDatabase>(), sp.GetRequiredService<VehicleSigningKey>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<VehicleCredentialDirectory>();
        services.AddSingleton<VehicleAuthenticator>();
        services.AddSingleton(new AgentTlsCertificate(agentCertificate));
        return services;
    }
}

/// <summary>The vehicle channel's certificate (null: plaintext) and its SHA-256 fingerprint, for banners and agents that pin it.</summary>
public sealed record AgentTlsCertificate(X509Certificate2? Certificate)
{
    public string? Sha256 { get; } = Certificate is null ? null : AgentCertificate.Sha256(Certificate);
}
