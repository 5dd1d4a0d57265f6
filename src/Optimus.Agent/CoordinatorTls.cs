using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Optimus.Agent;

/// <summary>
/// How the agent trusts an https:// coordinator: by the SHA-256 pin of its certificate
/// (<see cref="AgentOptions.CoordinatorCertificateSha256"/>), else by a CA it is given
/// (<see cref="AgentOptions.CoordinatorCa"/>, which may be the coordinator's self-signed certificate itself; the name
/// must match too), else by the system's trust store. Anything else fails the TLS handshake, and the agent keeps
/// retrying with backoff, logging why.
/// </summary>
public static class CoordinatorTls
{
    /// <summary>The HTTP handler the agent's gRPC channel uses.</summary>
    public static SocketsHttpHandler CreateHandler(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        };
        if (Validator(options) is { } validate)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validate };
        }

        return handler;
    }

    /// <summary>The check of the coordinator's certificate; null: the system's default.</summary>
    /// <exception cref="FormatException">The pin is not a SHA-256 in hex.</exception>
    public static RemoteCertificateValidationCallback? Validator(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CoordinatorCertificateSha256 is { } text)
        {
            var pin = ParsePin(text);
            return (_, certificate, _, _) => certificate is not null &&
                CryptographicOperations.FixedTimeEquals(certificate.GetCertHash(HashAlgorithmName.SHA256), pin);
        }

        if (options.CoordinatorCa is { } ca)
        {
            return (_, certificate, _, errors) =>
            {
                if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                using var presented = new X509Certificate2(certificate);
                return chain.Build(presented);
            };
        }

        return null;
    }

    /// <summary>A SHA-256 fingerprint in hex, with or without colons, in either case.</summary>
    /// <exception cref="FormatException">Not 32 bytes of hex.</exception>
    public static byte[] ParsePin(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hex = text.Replace(":", string.Empty, StringComparison.Ordinal).Trim();
        try
        {
            var bytes = Convert.FromHexString(hex);
            if (bytes.Length == 32)
            {
                return bytes;
            }
        }
        catch (FormatException)
        {
            // Reported below.
        }

        throw new FormatException("The coordinator's certificate fingerprint must be its SHA-256 in hex (64 digits, as `optimus up --agent-tls` prints it).");
    }
}
