using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Optimus.Core.Placement;
using Optimus.Core.Randomness;
using Optimus.Core.Vehicles;

namespace Optimus.Grains;

/// <summary>Registers what the grains need: the placement policy, time, lease timing and seeded randomness.</summary>
public static class GrainsServiceCollectionExtensions
{
    public static IServiceCollection AddOptimusGrains(this IServiceCollection services, LeaseTiming? leases = null, int seed = 0, int dispatchCells = 1, AvailabilityRefresh? refresh = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(leases ?? LeaseTiming.Default);
        services.TryAddSingleton<IRandomSourceFactory>(new SeededRandomSourceFactory(seed));
        services.TryAddSingleton<IPlacementPolicy, PowerOfTwoChoicesPlacementPolicy>();
        services.TryAddSingleton(new DispatchCells(dispatchCells));
        services.TryAddSingleton(refresh ?? AvailabilityRefresh.Off);
        services.TryAddSingleton(Core.Verification.VerificationPolicy.Default);
        return services;
    }
}
