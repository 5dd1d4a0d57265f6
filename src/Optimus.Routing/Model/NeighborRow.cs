namespace Optimus.Routing.Model;

/// <summary>A training prompt kept in the router file for the nearest-neighbour signals, with its outcome.</summary>
/// <param name="Prompt">The training prompt.</param>
/// <param name="WeakCorrect">Whether the weak model answered it correctly.</param>
/// <param name="StrongCorrect">Whether the strong model answered it correctly.</param>
public sealed record NeighborRow(string Prompt, bool WeakCorrect, bool StrongCorrect);
