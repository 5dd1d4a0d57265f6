using System.CommandLine;
using Optimus.Agent;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;
using Optimus.Inference.Models;

namespace Optimus.Cli.AgentCommands;

/// <summary>`optimus agent`: the vehicle agent as its own process, as a vehicle runs it.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var coordinator = new Option<string>("--coordinator") { Description = "The gateway's vehicle channel URL, e.g. http://127.0.0.1:8081", Required = true };
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

        var command = new Command("agent", "Run a vehicle agent that connects out to a coordinator and serves jobs on its own model")
        {
            coordinator, vehicleId, profile, model, context, threads, memory, echo, emulate, region, seed,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!Uri.TryCreate(result.GetValue(coordinator), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                return Fail("--coordinator must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:8081.");
            }

            var hardware = CommonOptions.ResolveProfile(result.GetValue(profile)!);
            if (hardware is null)
            {
                return Fail($"Unknown --profile. Choose one of: {string.Join(", ", HardwareProfiles.All.Select(p => p.Name))}.");
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
                    new AgentOptions(url, id, hardware) { Region = result.GetValue(region)! },
                    models,
                    new ManualVehicleStatus(VehicleStatus.ParkedAndCharging),
                    TimeProvider.System,
                    new SeededRandom(result.GetValue(seed)),
                    loggers.CreateLogger<VehicleAgent>());
                Console.Error.WriteLine($"optimus agent: vehicle {id} ({hardware.Name}, model {models.Description.Name}) connecting to {url}");
                await agent.RunAsync(cancellationToken);
                return 0;
            }
            catch (Exception ex) when (ex is ModelNotAvailableException or ModelDoesNotFitException or RegistrationRejectedException or InvalidDataException)
            {
                return Fail(ex.Message);
            }
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"optimus agent: {message}");
        return 1;
    }
}
