using System.CommandLine;
using Optimus.Agent;
using Optimus.Core.Vehicles;
using Optimus.Gateway;
using Optimus.Gateway.Cloud;
using Optimus.Inference.Models;

namespace Optimus.Cli.Up;

/// <summary>`optimus up`: the coordinator and a simulated fleet in one process, on 127.0.0.1.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP API port on 127.0.0.1", DefaultValueFactory = _ => 8080 };
        var agentPort = new Option<int>("--agent-port") { Description = "Vehicle gRPC port on 127.0.0.1", DefaultValueFactory = _ => 8081 };
        var data = new Option<string>("--data") { Description = "Data folder (SQLite journal)", DefaultValueFactory = _ => "optimus-data" };
        var vehicles = new Option<int>("--vehicles") { Description = "Simulated vehicles to start (0: gateway only; external agents connect to --agent-port)", DefaultValueFactory = _ => 4 };
        var model = CommonOptions.Model();
        var profile = CommonOptions.Profile();
        var threads = new Option<int>("--threads") { Description = "CPU threads per simulated die", DefaultValueFactory = _ => 1 };
        var context = CommonOptions.Context();
        var echo = new Option<bool>("--echo") { Description = "Serve with the zero-cost echo backend instead of a model (overhead benchmarks)" };
        var emulate = CommonOptions.EmulateTokensPerSecond();
        var timeScale = new Option<double>("--time-scale")
        {
            Description = "Simulated vehicles follow daily routines (commutes, overnight charging) on a clock this many times real time, e.g. 1440 for a day per minute (0: always parked and charging)",
            DefaultValueFactory = _ => 0,
        };
        var cells = new Option<int>("--dispatch-cells") { Description = "Dispatcher grains the fleet is sharded across", DefaultValueFactory = _ => 1 };
        var seed = new Option<int>("--seed") { Description = "Seed for placement and agents' randomness", DefaultValueFactory = _ => 0 };
        var cloudBaseUrl = new Option<string?>("--cloud-base-url")
        {
            Description = "OpenAI-compatible upstream of the cloud tier (optimus-cloud), e.g. https://api.x.ai/v1 (default: OPTIMUS_CLOUD_BASE_URL, else Optimus:Cloud:BaseUrl in optimus.json); its API key comes from OPTIMUS_CLOUD_API_KEY or Optimus:Cloud:ApiKey",
        };
        var cloudModel = new Option<string?>("--cloud-model") { Description = "The upstream's model name (default: OPTIMUS_CLOUD_MODEL, else Optimus:Cloud:Model)" };
        var router = new Option<string?>("--router")
        {
            Description = "Router file (optimus router train) with which optimus-auto scores prompts (default: OPTIMUS_ROUTER, else Optimus:Router; none: rules only)",
        };

        var clusterDb = new Option<string?>("--cluster-db")
        {
            Description = "Cluster mode: a PostgreSQL connection string (or OPTIMUS_CLUSTER_DB); gateways started with the same one form one Orleans cluster and share the ledger",
        };
        var siloPort = new Option<int>("--silo-port") { Description = "Orleans silo-to-silo port on 127.0.0.1 (0: a free one)", DefaultValueFactory = _ => 0 };
        var prefix = new Option<string>("--vehicle-prefix") { Description = "Simulated vehicles are PREFIX-001, PREFIX-002...; each gateway of a cluster needs its own", DefaultValueFactory = _ => "sim" };
        var clusterId = new Option<string>("--cluster-id") { Description = "The cluster's name within the database", DefaultValueFactory = _ => "optimus" };
        var verify = new Option<bool>("--verify") { Description = "Verify results before delivery: non-streamed deterministic requests may run on a second and third vehicle (docs/verification.md)" };
        var canaries = new Option<string?>("--canaries") { Description = "With --verify: a JSONL file of canary prompts with known outputs ({\"prompt\",\"max_tokens\",\"output\"} per line)" };
        var noAuth = new Option<bool>("--no-auth")
        {
            Description = "Serve without API keys: anyone on 127.0.0.1 may call the API, and vehicles may connect without a credential (demos only; off by default)",
        };
        var agentTls = new Option<bool>("--agent-tls")
        {
            Description = "Serve the vehicle channel over TLS, with --agent-cert or a self-signed certificate kept in the data folder; agents pin its SHA-256 (printed in the banner) (always on with --cluster-db)",
        };
        var agentCert = new Option<string?>("--agent-cert") { Description = "The vehicle channel's certificate, a PKCS#12 .pfx with its key (password: OPTIMUS_AGENT_CERT_PASSWORD); implies --agent-tls" };

        var command = new Command("up", "Run the coordinator (OpenAI-compatible API, vehicle channel, Orleans silo) and a simulated fleet")
        {
            port, agentPort, data, vehicles, model, profile, threads, context, echo, emulate, timeScale, cells, seed, cloudBaseUrl, cloudModel, router, noAuth, clusterDb, siloPort, clusterId, prefix, verify, canaries, agentTls, agentCert,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var count = result.GetValue(vehicles);
            if (count < 0 || result.GetValue(threads) < 1 || result.GetValue(cells) < 1 || result.GetValue(timeScale) < 0 || result.GetValue(emulate) < 0)
            {
                return Fail("--vehicles, --time-scale and --emulate-tokens-per-second must be 0 or more; --threads and --dispatch-cells at least 1.");
            }

            Uri? cloudUrl = null;
            if (result.GetValue(cloudBaseUrl) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out cloudUrl))
            {
                return Fail($"--cloud-base-url '{url}' is not an absolute URL, such as https://api.x.ai/v1.");
            }

            var hardware = CommonOptions.ResolveProfile(result.GetValue(profile)!);
            if (hardware is null)
            {
                return Fail($"Unknown --profile. Choose one of: {string.Join(", ", HardwareProfiles.All.Select(p => p.Name))}.");
            }

            var options = new UpOptions
            {
                Gateway = new GatewayOptions
                {
                    ApiPort = result.GetValue(port),
                    AgentPort = result.GetValue(agentPort),
                    DataDirectory = result.GetValue(data)!,
                    Seed = result.GetValue(seed),
                    DispatchCells = result.GetValue(cells),
                    Cloud = new CloudOptions { BaseUrl = cloudUrl, Model = result.GetValue(cloudModel) },
                    RouterPath = result.GetValue(router),
                    NoAuth = result.GetValue(noAuth),
                    Verify = result.GetValue(verify),
                    CanaryPath = result.GetValue(canaries),
                    ClusterDatabase = result.GetValue(clusterDb) ?? NullIfEmpty(Environment.GetEnvironmentVariable("OPTIMUS_CLUSTER_DB")),
                    ClusterId = result.GetValue(clusterId)!,
                    SiloPort = result.GetValue(siloPort),
                    AgentTls = result.GetValue(agentTls) || result.GetValue(agentCert) is not null,
                    AgentCertificatePath = result.GetValue(agentCert),
                },
                Vehicles = count,
                VehiclePrefix = result.GetValue(prefix)!,
                Profile = hardware,
                Threads = result.GetValue(threads),
                ContextLength = result.GetValue(context),
                Echo = result.GetValue(echo),
                EmulateTokensPerSecond = result.GetValue(emulate),
                TimeScale = result.GetValue(timeScale),
            };
            try
            {
                var modelPath = options.Echo || count == 0 ? null : await ModelResolver.ResolveAsync(result.GetValue(model), cancellationToken);

                // A gateway without simulated vehicles still counts tokens with the model its cars serve, when named.
                if (modelPath is null && !options.Echo && result.GetValue(model) is { } served)
                {
                    options = options with { Gateway = options.Gateway with { EdgeModelPath = await ModelResolver.ResolveAsync(served, cancellationToken) } };
                }

                await using var up = OptimusUp.Build(options, modelPath);
                await up.StartAsync(cancellationToken);
                await up.WaitForFleetAsync(cancellationToken);
                Banner.Print(up, modelPath);
                await up.App.WaitForShutdownAsync(cancellationToken);
                Console.Error.WriteLine("optimus: stopped cleanly.");
                return 0;
            }
            catch (Exception ex) when (ex is ModelNotAvailableException or ModelDoesNotFitException or InvalidDataException or FileNotFoundException)
            {
                return Fail(ex.Message);
            }
            catch (Npgsql.NpgsqlException ex)
            {
                return Fail($"The cluster database could not be used: {ex.Message}");
            }
            catch (IOException ex) when (ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                return Fail($"{ex.Message} Choose other ports with --port and --agent-port.");
            }
        });
        return command;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"optimus up: {message}");
        return 1;
    }
}
