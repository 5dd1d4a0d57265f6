using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Optimus.Gateway.Identity;

/// <summary>
/// The certificate the vehicle channel is served with when <see cref="GatewayOptions.AgentTls"/> is on: the PKCS#12
/// file <see cref="GatewayOptions.AgentCertificatePath"/> names, or else a self-signed one (ECDSA P-256, for 127.0.0.1,
/// ::1 and localhost, ten years) made once in the data folder (<see cref="FileName"/>, mode 600, and its public half
/// <see cref="PublicFileName"/> to hand to agents as <c>--coordinator-ca</c>). Agents pin it by its SHA-256
/// (<see cref="Sha256"/>) or trust it as a CA.
/// </summary>
public static class AgentCertificate
{
    public const string FileName = "agent-tls.pfx";

    public const string PublicFileName = "agent-tls.crt";

    /// <summary>The certificate to serve the vehicle channel with, or null when TLS is off.</summary>
    /// <exception cref="InvalidDataException">The named certificate file is missing, unreadable or has no private key.</exception>
    public static X509Certificate2? Load(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.AgentTls)
        {
            return null;
        }

        if (options.AgentCertificatePath is { } path)
        {
            X509Certificate2 given;
            try
            {
                given = X509CertificateLoader.LoadPkcs12FromFile(path, options.AgentCertificatePassword);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"Cannot read the vehicle channel's certificate '{path}' (a PKCS#12 .pfx; its password from OPTIMUS_AGENT_CERT_PASSWORD): {ex.Message}", ex);
            }

            return given.HasPrivateKey ? given : throw new InvalidDataException($"The certificate '{path}' has no private key.");
        }

        var stored = Path.Combine(options.DataDirectory, FileName);
        if (!File.Exists(stored))
        {
            Create(options.DataDirectory, stored);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(stored, null);
    }

    /// <summary>The certificate's SHA-256 fingerprint in lower-case hex, as agents pin it.</summary>
    public static string Sha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
    }

    private static void Create(string dataDirectory, string path)
    {
        DataFolder.Ensure(dataDirectory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=optimus vehicle channel", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        // Written aside and moved into place without overwriting: two processes on one folder agree on one certificate.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, []);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pkcs12));
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return;
        }

        File.WriteAllText(Path.Combine(dataDirectory, PublicFileName), certificate.ExportCertificatePem() + "\n");
    }
}
