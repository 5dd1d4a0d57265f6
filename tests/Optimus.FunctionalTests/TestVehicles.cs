using Microsoft.Extensions.DependencyInjection;
using Optimus.Cli.Up;
using Optimus.Gateway.Api;

namespace Optimus.FunctionalTests;

/// <summary>Customers see vehicles by pseudonym (x-optimus-vehicle, optimus.vehicle): tests map real ids to them here.</summary>
internal static class TestVehicles
{
    /// <summary>The name <paramref name="up"/>'s customers see for <paramref name="vehicleId"/>.</summary>
    public static string PublicName(this OptimusUp up, string vehicleId) => up.App.Services.GetRequiredService<VehiclePseudonyms>().Of(vehicleId);
}
