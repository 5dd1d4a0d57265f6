using Optimus.Gateway;

namespace Optimus.Cli.Up;

/// <summary>
/// What `optimus up` prints once it is ready: where to send requests, the keys to send them with, and one to paste.
/// Fresh keys are printed only to a terminal: when the output goes to a file or a log collector they are written to a
/// 0600 file in the data folder instead (<see cref="KeysFileName"/>), and the banner says where.
/// </summary>
internal static class Banner
{
    public const string KeysFileName = "first-keys.txt";

    public static void Print(OptimusUp up, string? modelPath) => Print(up, modelPath, Console.Out, toTerminal: !Console.IsOutputRedirected);

    public static void Print(OptimusUp up, string? modelPath, TextWriter output, bool toTerminal)
    {
        ArgumentNullException.ThrowIfNull(output);
        var api = up.ApiUrl.ToString().TrimEnd('/');
        var model = up.Options.Echo ? "echo backend" : modelPath ?? "none";
        var gateway = up.App.Services.GetRequiredService<GatewayOptions>();
        var cloud = gateway.Cloud.IsConfigured ? $"optimus-cloud → {gateway.Cloud.BaseUrl} model {gateway.Cloud.Model}" : "none (optimus-auto serves on the edge; see --cloud-base-url)";
        var router = gateway.RouterPath is { } path ? Path.GetFullPath(path) : "none (optimus-auto routes by rules only; see --router)";
        var data = up.Options.Gateway.DataDirectory;
        string keys;
        if (gateway.NoAuth)
        {
            keys = "none: --no-auth, anyone on 127.0.0.1 may call the API";
        }
        else if (up.DemoKey is { } demo && toTerminal)
        {
            keys = $"made now, shown only this once (keep them):\n" +
                $"                           admin  {up.AdminKey}   (for /admin: keys, credits, invoices, owners, payouts)\n" +
                $"                           demo   {demo}   (a customer key)";
        }
        else if (up.DemoKey is { } firstDemo)
        {
            var file = Path.GetFullPath(Path.Combine(data, KeysFileName));
            DataFolder.WriteSecret(file, $"admin {up.AdminKey}\ndemo {firstDemo}\n");
            keys = $"made now and written to {file} (mode 0600), not to this output, which is not a terminal; read them, then delete the file";
        }
        else
        {
            var where = gateway.ClusterDatabase is null ? $"--data {data}" : "--cluster-db CONNECTION (the cluster's accounts)";
            keys = $"made on an earlier start; make more with: optimus keys create --name NAME {where}";
        }

        var channel = up.AgentCertificateSha256 is { } sha
            ? $"{up.AgentUrl.ToString().TrimEnd('/')}   (TLS; certificate SHA-256 {sha})"
            : $"{up.AgentUrl.ToString().TrimEnd('/')}   (plaintext on loopback; --agent-tls for TLS)";
        var auth = gateway.NoAuth || up.DemoKey is null ? string.Empty : $" -H 'Authorization: Bearer {(toTerminal ? up.DemoKey : "$OPTIMUS_KEY")}'";
        output.WriteLine($"""

            Digital Optimus is up.
              OpenAI-compatible API  {api}/v1        (health {api}/health, readiness {api}/ready)
              Vehicle channel (gRPC) {channel}
              Vehicle credentials    optimus owner enrol --name OWNER --vehicle ID --data {data}{(gateway.NoAuth ? "   (--no-auth: not required)" : string.Empty)}
              Vehicles               {up.Options.Vehicles} simulated ({up.Options.Profile.Name}), model {model}
              Cloud tier             {cloud}
              Router (optimus-auto)  {router}
              Data                   {Path.GetFullPath(data)}
              API keys               {keys}

            Try it:
              curl -N {api}/v1/chat/completions -H 'Content-Type: application/json'{auth} \
                -d '{"{"}"model":"optimus-edge","stream":true,"max_tokens":64,"messages":[{"{"}"role":"user","content":"Once upon a time"{"}"}]{"}"}'

            Press Ctrl+C to stop.
            """);
    }
}
