namespace Optimus.Gateway.Devices;

/// <summary>How one attempt of a job on one vehicle ended; only <see cref="Served"/> is billed and earns its owner.</summary>
internal enum AttemptOutcome
{
    /// <summary>It produced the answer the customer received.</summary>
    Served,

    /// <summary>The vehicle left (drove off, unplugged, opted out...) and the job moved to another.</summary>
    Moved,

    /// <summary>The vehicle went silent and its lease expired: the gateway fenced it off; it earns nothing.</summary>
    Fenced,

    /// <summary>A hedge that lost the race, or an attempt nobody read any more.</summary>
    Abandoned,

    /// <summary>The vehicle reported an error.</summary>
    Failed,

    /// <summary>The client went away.</summary>
    Cancelled,
}
