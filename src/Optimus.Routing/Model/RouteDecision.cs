namespace Optimus.Routing.Model;

/// <summary>A routing decision and what it rests on: the score, the threshold it was compared with, and the stage.</summary>
/// <param name="Tier">Where the query goes: <see cref="RouteTier.Cloud"/> when <paramref name="Score"/> ≥ <paramref name="Threshold"/>.</param>
/// <param name="Score">The router's predicted accuracy gain from the cloud model (higher: more worth escalating).</param>
/// <param name="Threshold">The calibrated threshold of the stage.</param>
/// <param name="Stage">Before generation (prompt) or after it (cascade on the edge answer).</param>
public sealed record RouteDecision(RouteTier Tier, double Score, double Threshold, RouteStage Stage);
