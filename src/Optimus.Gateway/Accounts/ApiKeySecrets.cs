using System.Security.Cryptography;
using System.Text;

namespace Optimus.Gateway.Accounts;

/// <summary>
/// API key secrets: <c>sk-opt-</c> and 40 random base-62 characters (238 bits from the OS's CSPRNG). A key is shown
/// once, when it is made; the store keeps its SHA-256 (a fast hash is enough for a secret with that much entropy; slow
/// hashes are for passwords) and its first characters as a visible prefix.
/// </summary>
public static class ApiKeySecrets
{
    public const string Start = "sk-opt-";
    private const int RandomCharacters = 40;
    private const int PrefixLength = 12;
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New() => Start + RandomNumberGenerator.GetString(Alphabet, RandomCharacters);

    public static string PrefixOf(string secret) => secret[..Math.Min(PrefixLength, secret.Length)];

    /// <summary>The stored form of a secret: lowercase hex of its SHA-256.</summary>
    public static string Hash(ReadOnlySpan<char> secret)
    {
        Span<byte> utf8 = stackalloc byte[256];
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        if (Encoding.UTF8.GetMaxByteCount(secret.Length) <= utf8.Length)
        {
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(secret, utf8)], digest);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(secret.ToArray()), digest);
        }

        return Convert.ToHexStringLower(digest);
    }
}
