namespace Optimus.Simulator.Verification;

/// <summary>How a simulated vehicle answers in the byzantine evaluation.</summary>
public enum ByzantineKind
{
    /// <summary>Always returns the right output.</summary>
    Honest,

    /// <summary>Always returns a wrong output of its own.</summary>
    AlwaysWrong,

    /// <summary>Returns a wrong output of its own with a fixed probability per job.</summary>
    Probabilistic,

    /// <summary>Honest until it is proven, then always wrong (the cheater that first earns trust).</summary>
    Sleeper,

    /// <summary>
    /// A member of a colluding group: members are each other's replicas when placement allows, and cheat only when a
    /// group mate checks the same job, both returning one identical wrong output (so a lone canary never catches them).
    /// A group either cheats from the start or sleeps until the primary is proven.
    /// </summary>
    Colluder,
}
