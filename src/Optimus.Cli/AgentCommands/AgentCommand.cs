using System.CommandLine;
using Optimus.Agent;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;
using Optimus.Inference.Models;
using Optimus.Protocol;

namespace Optimus.Cli.AgentCommands;

/// <summary>`optimus agent`: the vehicle agent as its own process, as a vehicle runs it.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var coordinator = new Option<string>("--coordinator")
        {
            Description = "The gateway's vehicle channel URL, e.g. http://127.0.0.1:8081; in a cluster, several separated by commas, tried in turn when a connection fails or ends",
            Required = true,
        };
        var vehicleId = new Option<string>("--vehicle-id") { Description = "This vehicle's id", Required = true };
        var profile = CommonOptions.Profile();
        var model = CommonOptions.Model();
        var context = CommonOptions.Context();
        var threads = new Option<int>("--threads") { Description = "CPU threads per die", DefaultValueFactory = _ => Math.Min(4, Environment.ProcessorCount) };
        var memory = new Option<long>("--memory-per-die-mb") { Description = "Override the profile's memory per die (MiB), for constrained vehicles", DefaultValueFactory = _ => 0 };
        var echo = new Option<bool>("--echo") { Description = "Serve with the zero-cost echo backend (overhead benchmarks)" };
        var emulate = CommonOptions.EmulateTokensPerSecond();
        var region = new Option<string>("--region") { Description = "The region this vehicle is in (requests may require one with the x-optimus-region header)", DefaultValueFactory = _ => AgentOptions.DefaultRegion };
        var seed = new Option<int>("--seed") { Description = "Seed for reconnect jitter", DefaultValueFactory = _ => Environment.ProcessId };
        var credential = new Option<string?>("--credential")
        {
            Description = $"This vehicle's credential, printed by `optimus owner enrol` (default: {CredentialVariable}, which keeps it out of the process list)",
        };
        var pin = new Option<string?>("--coordinator-cert-sha256") { Description = "For an https:// coordinator: its certificate's SHA-256 (hex, as `optimus up --agent-tls` prints it); any other is refused" };
        var ca = new Option<string?>("--coordinator-ca") { Description = "For an https:// coordinator: a PEM or DER certificate to trust as its CA (its agent-tls.crt works), instead of the system's" };

        var command = new Command("agent", "Run a vehicle agent that connects out to a coordinator and serves jobs on its own model")
        {
            coordinator, vehicleId, profile, model, context, threads, memory, echo, emulate, region, seed, credential, pin, ca,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var urls = new List<Uri>();
            foreach (var text in result.GetValue(coordinator)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                {
                    return Fail($"--coordinator '{text}' must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:8081.");
                }

                urls.Add(parsed);
            }

            if (urls.Count == 0 || urls.Select(u => u.Scheme).Distinct().Count() > 1)
            {
                return Fail("--coordinator needs at least one URL, and all of them http:// or all https://.");
            }

            var url = urls[0];

            var hardware = CommonOptions.ResolveProfile(result.GetValue(profile)!);
            if (hardware is null)
            {
                return Fail($"Unknown --profile. Choose one of: {string.Join(", ", HardwareProfiles.All.Select(p => p.Name))}.");
            }

            if (url.Scheme == "http" && (result.GetValue(pin) is not null || result.GetValue(ca) is not null))
            {
                return Fail("--coordinator-cert-sha256 and --coordinator-ca need an https:// --coordinator.");
            }

            var secret = result.GetValue(credential) ?? Environment.GetEnvironmentVariable(CredentialVariable);
            System.Security.Cryptography.X509Certificates.X509Certificate2? trusted = null;
            try
            {
                _ = secret is null ? null : VehicleCredential.Parse(secret);
                _ = result.GetValue(pin) is { } p ? CoordinatorTls.ParsePin(p) : null;
                trusted = result.GetValue(ca) is { } caPath ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(caPath) : null;
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                return Fail(ex.Message);
            }

            if (result.GetValue(memory) is > 0 and var mib)
            {
                hardware = hardware.WithMemoryPerDie(mib << 20);
            }

            try
            {
                using var loaded = result.GetValue(echo)
                    ? VehicleModels.Echo(hardware)
                    : VehicleModels.LoadGguf(await ModelResolver.ResolveAsync(result.GetValue(model), cancellationToken), hardware, result.GetValue(context), Math.Max(1, result.GetValue(threads)));
                var models = loaded.Paced(result.GetValue(emulate), TimeProvider.System);
                using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Information));
                var id = result.GetValue(vehicleId)!;
                var agent = new VehicleAgent(
                    new AgentOptions(url, id, hardware)
                    {
                        AlternateCoordinators = urls[1..],
                        Region = result.GetValue(region)!,
                        Credential = secret,
                        CoordinatorCertificateSha256 = result.GetValue(pin),
                        CoordinatorCa = trusted,
                    },
                    models,
                    new ManualVehicleStatus(VehicleStatus.ParkedAndCharging),
                    TimeProvider.System,
                    new SeededRandom(result.GetValue(seed)),
                    loggers.CreateLogger<VehicleAgent>());
                Console.Error.WriteLine($"optimus agent: vehicle {id} ({hardware.Name}, model {models.Description.Name}) connecting to {url}" +
                    (secret is null ? " without a credential (only a coordinator run with --no-auth accepts that)" : string.Empty));
                await agent.RunAsync(cancellationToken);
                return 0;
            }
            catch (RegistrationRejectedException ex)
            {
                return Fail(ex.Message + (secret is null ? $" Pass the credential from `optimus owner enrol` with --credential or {CredentialVariable}." : string.Empty));
            }
            catch (Exception ex) when (ex is ModelNotAvailableException or ModelDoesNotFitException or InvalidDataException)
            {
                return Fail(ex.Message);
            }
        });
        return command;
    }

    /// <summary>The environment variable that gives the agent its credential.</summary>
    public const string CredentialVariable = "OPTIMUS_VEHICLE_CREDENTIAL";

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"optimus agent: {message}");
        return 1;
    }
}
