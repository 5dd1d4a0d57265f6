namespace Optimus.Core.Verification;

/// <summary>
/// What a vehicle returned for a job, as verification compares it: the text, byte for byte (ordinal), and the token ids.
/// Exact comparison is meaningful only for deterministic generation: greedy, or sampling with a fixed seed, on the same
/// hardware class and model build.
/// </summary>
/// <param name="Text">The generated text.</param>
/// <param name="TokenIds">The generated token ids, in order.</param>
public sealed record JobOutput(string Text, IReadOnlyList<int> TokenIds)
{
    public bool Equals(JobOutput? other) =>
        other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal) && TokenIds.SequenceEqual(other.TokenIds);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Text), TokenIds.Count);
}
