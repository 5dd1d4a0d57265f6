using System.Globalization;
using System.Text;

namespace Optimus.FunctionalTests.Fuzzing;

/// <summary>
/// One generated HTTP request: a method and path, a content type (null: none), the body as text, and damage done to its
/// bytes (cut short at <see cref="CutAt"/>, or an invalid UTF-8 byte inserted there), and an extra header.
/// </summary>
public sealed record FuzzCase(string Method, string Path, string? ContentType, string Body, int CutAt, bool BadByte, string? Header, string? HeaderValue)
{
    /// <summary>The bytes sent: the body in UTF-8, then cut or corrupted.</summary>
    public byte[] Bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Body);
        if (CutAt < 0 || CutAt >= bytes.Length)
        {
            return bytes;
        }

        return BadByte ? [.. bytes[..CutAt], 0xFF, .. bytes[CutAt..]] : bytes[..CutAt];
    }

    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path.TrimStart('/'));
        if (Method != "GET")
        {
            var content = new ByteArrayContent(Bytes());
            if (ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            request.Content = content;
        }

        if (Header is not null)
        {
            request.Headers.TryAddWithoutValidation(Header, HeaderValue);
        }

        return request;
    }

    /// <summary>What a failure prints: everything needed to replay the request by hand.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Method} {Path}\nContent-Type: {ContentType ?? "(none)"}\n{(Header is null ? string.Empty : $"{Header}: {HeaderValue}\n")}" +
        $"{(CutAt >= 0 ? (BadByte ? $"(byte 0xFF inserted at {CutAt})\n" : $"(cut at byte {CutAt})\n") : string.Empty)}{Body}");
}
