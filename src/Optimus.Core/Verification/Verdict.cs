namespace Optimus.Core.Verification;

/// <summary>
/// The judgement of a job's attempts (one to three vehicles' outputs), compared exactly. Attempt 0 is the primary,
/// 1 the replica, 2 the tie-breaker. Two that agree are verified; a mismatch calls for a third vehicle, and the majority
/// of three decides; three different outputs reject the job (retry elsewhere). A result judged wrong is never
/// delivered and its attempt is unpaid (<see cref="IsPaid"/>); the gateway applies <see cref="JudgementOf"/> to each
/// vehicle's <see cref="Reputation"/>.
/// </summary>
/// <param name="Outcome">What happens to the job.</param>
/// <param name="Attempts">How many attempts were judged.</param>
/// <param name="DeliveredAttempt">The attempt whose output is delivered, or -1.</param>
/// <param name="AgreeingMask">Bit i set when attempt i agrees with the delivered output.</param>
public readonly record struct Verdict(VerdictOutcome Outcome, int Attempts, int DeliveredAttempt, int AgreeingMask)
{
    /// <summary>Most attempts a verdict compares (primary, replica, tie-breaker).</summary>
    public const int MaxAttempts = 3;

    /// <summary>The verdict on an unreplicated result: delivered on trust.</summary>
    public static Verdict Trusted { get; } = new(VerdictOutcome.AcceptedOnTrust, 1, 0, 1);

    /// <summary>Whether the job's result goes to the customer now.</summary>
    public bool Deliver => Outcome is VerdictOutcome.Verified or VerdictOutcome.AcceptedOnTrust;

    /// <summary>
    /// Judges <paramref name="outputs"/> (1 to 3, in attempt order) by <paramref name="comparer"/> (exact equality by
    /// default; for <see cref="JobOutput"/>, byte-equal text and the same token ids). One output is accepted on trust:
    /// pass one only when the policy chose not to replicate.
    /// </summary>
    public static Verdict Judge<T>(IReadOnlyList<T> outputs, IEqualityComparer<T>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count is < 1 or > MaxAttempts)
        {
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs.Count, $"A verdict judges 1 to {MaxAttempts} attempts.");
        }

        if (outputs.Count == 1)
        {
            return Trusted;
        }

        comparer ??= EqualityComparer<T>.Default;
        for (var i = 0; i < outputs.Count; i++)
        {
            var mask = 1 << i;
            for (var j = i + 1; j < outputs.Count; j++)
            {
                if (comparer.Equals(outputs[i], outputs[j]))
                {
                    mask |= 1 << j;
                }
            }

            // Two agreeing among at most three is a strict majority.
            if (mask != 1 << i)
            {
                return new Verdict(VerdictOutcome.Verified, outputs.Count, i, mask);
            }
        }

        return outputs.Count == 2
            ? new Verdict(VerdictOutcome.NeedsTieBreaker, 2, -1, 0)
            : new Verdict(VerdictOutcome.Rejected, outputs.Count, -1, 0);
    }

    /// <summary>What this verdict says about attempt <paramref name="attempt"/>, to apply to its vehicle's reputation.</summary>
    public AttemptJudgement JudgementOf(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(attempt, Attempts);
        return Outcome switch
        {
            VerdictOutcome.AcceptedOnTrust => AttemptJudgement.Trusted,
            VerdictOutcome.Verified => (AgreeingMask & (1 << attempt)) != 0 ? AttemptJudgement.Valid : AttemptJudgement.Invalid,
            VerdictOutcome.NeedsTieBreaker => AttemptJudgement.Pending,
            _ => AttemptJudgement.Inconclusive,
        };
    }

    /// <summary>
    /// Whether the vehicle of attempt <paramref name="attempt"/> is paid for it: only for a delivered output it produced
    /// (trusted, or agreeing with the majority). The customer is charged once, for the delivered result; the pay of
    /// agreeing replicas is the platform's cost of verification.
    /// </summary>
    public bool IsPaid(int attempt) => JudgementOf(attempt) is AttemptJudgement.Trusted or AttemptJudgement.Valid;
}
