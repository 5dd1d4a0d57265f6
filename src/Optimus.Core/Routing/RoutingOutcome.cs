namespace Optimus.Core.Routing;

/// <summary>Whether the weak (edge) and the strong (cloud) model answered one query correctly.</summary>
public readonly record struct RoutingOutcome(bool WeakCorrect, bool StrongCorrect)
{
    /// <summary>What sending this query to the strong model gains in correct answers: -1, 0 or +1.</summary>
    public int Gain => (StrongCorrect ? 1 : 0) - (WeakCorrect ? 1 : 0);
}
