namespace Optimus.Gateway.Devices;

/// <summary>What one attempt used: which vehicle under which lease, for how long, and how it ended.</summary>
/// <param name="VehicleId">The vehicle that ran it.</param>
/// <param name="LeaseEpoch">The vehicle's lease when it ran.</param>
/// <param name="Started">When the job was sent to the vehicle.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Number">1 for the first attempt of the request, counting hedges and continuations in the order they started.</param>
/// <param name="PowerWatts">The vehicle's draw while serving (from its hardware profile).</param>
/// <param name="DeviceMicroseconds">From sending the job to releasing the vehicle.</param>
/// <param name="CompletionTokens">Tokens this attempt delivered.</param>
internal sealed record AttemptUsage(
    int Number, string VehicleId, long LeaseEpoch, double PowerWatts, DateTimeOffset Started, long DeviceMicroseconds, int CompletionTokens, AttemptOutcome Outcome);

/// <summary>The attempts of one request, as they end. Thread-safe: a hedge can end while the winner runs.</summary>
internal sealed class AttemptLog
{
    private readonly List<AttemptUsage> _ended = [];
    private int _started;

    public int NextNumber() => Interlocked.Increment(ref _started);

    public void Add(AttemptUsage usage)
    {
        lock (_ended)
        {
            _ended.Add(usage);
        }
    }

    public IReadOnlyList<AttemptUsage> Snapshot()
    {
        lock (_ended)
        {
            return [.. _ended.OrderBy(a => a.Number)];
        }
    }
}
