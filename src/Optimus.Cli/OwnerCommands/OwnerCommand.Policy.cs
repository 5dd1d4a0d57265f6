using System.CommandLine;
using Optimus.Gateway.Accounts;

namespace Optimus.Cli.OwnerCommands;

internal static partial class OwnerCommand
{
    private static Command PolicyCommand()
    {
        var vehicle = Vehicle();
        var hours = new Option<string?>("--hours") { Description = "When the vehicle may serve, in the owner's time zone: \"mon-fri 22-07; sat,sun 0-24\", or \"always\"" };
        var floor = new Option<double?>("--charge-floor") { Description = "Never serve below this state of charge, 0 to 1 (0.3 is 30%)" };
        var plugged = new Option<bool?>("--plugged-in-only") { Description = "Serve only while a charger is connected: true or false" };
        var optOut = new Option<bool?>("--opt-out") { Description = "true: no work at all, from the next heartbeat; false: serve again" };
        var categories = new Option<string?>("--categories") { Description = $"Job categories allowed, comma-separated ({string.Join(", ", VehiclePolicy.KnownCategories)}), or \"all\"" };
        var energyCap = new Option<double?>("--daily-energy-cap-wh") { Description = "Most energy per local day for compute, in Wh (0: no cap)" };
        var (data, cluster) = (Data(), AccountsOptions.ClusterDatabase());
        var command = new Command("policy", "Set an enrolled vehicle's policy (options left out keep their value); the coordinator enforces it over the vehicle's own")
        {
            vehicle, hours, floor, plugged, optOut, categories, energyCap, data, cluster,
        };
        command.SetAction(result => Run(() =>
        {
            var id = result.GetValue(vehicle)!;
            var change = new VehiclePolicyChange(
                result.GetValue(hours),
                result.GetValue(floor),
                result.GetValue(plugged),
                result.GetValue(optOut),
                result.GetValue(categories)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                result.GetValue(energyCap));
            using var accounts = AccountsOptions.Open(result, cluster, result.GetValue(data)!);
            var policy = Owners(accounts).SetPolicy(id, change);
            Console.WriteLine($"{id}  {Describe(policy)}");
        }));
        return command;
    }
}
