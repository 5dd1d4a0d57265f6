namespace Optimus.Routing.Model;

/// <summary>Where a query is answered.</summary>
public enum RouteTier
{
    /// <summary>The vehicle's small model (system one).</summary>
    Edge,

    /// <summary>The cloud's large model (system two).</summary>
    Cloud,
}
