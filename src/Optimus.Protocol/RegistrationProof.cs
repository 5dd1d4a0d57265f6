using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;

namespace Optimus.Protocol;

/// <summary>
/// How a vehicle proves, per connection, that it holds its credential without sending it: the registration carries a
/// timestamp, a random nonce and an HMAC-SHA256 keyed by the credential over the whole registration (encoded with the
/// MAC field empty). A man in the middle can therefore neither alter the registration (profile, model, region, policy)
/// nor reuse it for another vehicle, and the coordinator refuses the same nonce twice and stale timestamps.
/// </summary>
public static class RegistrationProof
{
    /// <summary>Bytes of nonce a registration carries.</summary>
    public const int NonceLength = 16;

    /// <summary>Bytes of a vehicle credential and of the MAC.</summary>
    public const int KeyLength = 32;

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("optimus/register/v1\n");

    /// <summary>Stamps <paramref name="register"/> with the time, a fresh nonce and its MAC under <paramref name="credential"/>.</summary>
    public static void Sign(Register register, ReadOnlySpan<byte> credential, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(register);
        register.AuthTimestampMs = now.ToUnixTimeMilliseconds();
        register.AuthNonce = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(NonceLength));
        register.AuthMac = ByteString.Empty;
        register.AuthMac = ByteString.CopyFrom(Mac(credential, register));
    }

    /// <summary>Whether the registration's MAC is the one <paramref name="credential"/> gives (compared in constant time).</summary>
    public static bool Verify(Register register, ReadOnlySpan<byte> credential)
    {
        ArgumentNullException.ThrowIfNull(register);
        return register.AuthMac.Length == KeyLength && CryptographicOperations.FixedTimeEquals(Mac(credential, register), register.AuthMac.Span);
    }

    /// <summary>The MAC of <paramref name="register"/> as if its <c>auth_mac</c> were empty.</summary>
    public static byte[] Mac(ReadOnlySpan<byte> credential, Register register)
    {
        ArgumentNullException.ThrowIfNull(register);
        var unsigned = register.Clone();
        unsigned.AuthMac = ByteString.Empty;
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, credential);
        hmac.AppendData(Domain);
        hmac.AppendData(unsigned.ToByteArray());
        return hmac.GetHashAndReset();
    }
}
