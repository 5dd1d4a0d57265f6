namespace Optimus.Protocol;

/// <summary>
/// The text form of a vehicle credential, as enrolment prints it and an agent is given it: <c>vc-opt-</c> and the
/// credential's 32 bytes in unpadded base64url.
/// </summary>
public static class VehicleCredential
{
    public const string Prefix = "vc-opt-";

    public static string Format(ReadOnlySpan<byte> credential) => Prefix + Convert.ToBase64String(credential).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <exception cref="FormatException">Not a vehicle credential.</exception>
    public static byte[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new FormatException($"A vehicle credential starts with '{Prefix}' (it is printed by `optimus owner enrol`).");
        }

        var body = text[Prefix.Length..].Replace('-', '+').Replace('_', '/');
        body += new string('=', (4 - (body.Length % 4)) % 4);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(body);
        }
        catch (FormatException ex)
        {
            throw new FormatException("The vehicle credential is damaged: it is not base64url after its prefix.", ex);
        }

        return bytes.Length == RegistrationProof.KeyLength
            ? bytes
            : throw new FormatException("The vehicle credential is damaged: it does not hold 32 bytes.");
    }
}
