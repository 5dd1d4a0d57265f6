namespace Optimus.Gateway.Routing;

internal static class RoutingServiceCollectionExtensions
{
    /// <summary>Registers <c>optimus-auto</c>'s router (the router file, if any, loads with the first resolution) and the routed tiers.</summary>
    public static IServiceCollection AddOptimusRouting(this IServiceCollection services)
    {
        services.AddSingleton<LearnedRouter>();
        services.AddSingleton<AutoRouter>();
        services.AddSingleton<RoutedCompletions>();
        return services;
    }
}
