using System.Net.Sockets;
using System.Text;

namespace Optimus.FunctionalTests;

/// <summary>
/// HTTP/1.1 over a plain socket, so a test can send a request target exactly as spelled (dot segments, double slashes,
/// percent-encoding): HttpClient's Uri would normalise them before they left the process.
/// </summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Response)> SendAsync(
        int port, string method, string target, string? bearer, string? jsonBody, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        await using var stream = client.GetStream();
        var body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: 127.0.0.1:").Append(port).Append("\r\n")
            .Append("Connection: close\r\n");
        if (bearer is not null)
        {
            head.Append("Authorization: Bearer ").Append(bearer).Append("\r\n");
        }

        if (jsonBody is not null)
        {
            head.Append("Content-Type: application/json\r\n");
        }

        head.Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancellationToken);
        var status = response.Length >= 12 && int.TryParse(response.AsSpan(9, 3), out var code) ? code : 0;
        return (status, response);
    }
}
