using Optimus.Core.Randomness;

namespace Optimus.Core.Verification;

/// <summary>
/// Chooses the vehicle that checks a job: uniformly at random among the candidates of the same hardware class and model
/// build as the primary, admitted (<see cref="VerificationPolicy.IsAdmitted"/>: not quarantined, admission canaries
/// passed), and sharing neither a vehicle nor an owner with any attempt already made (so a
/// tie-breaker is of a third owner). A tie-breaker is the better of two eligible draws by consecutive valid results, so
/// a freshly proven vehicle (a sleeper that cheats as soon as it is trusted) seldom decides, and two colluders of one
/// group outvote an honest vehicle still more rarely. Rejection sampling is O(1) while eligible candidates are common; after a few
/// misses one scan of the candidates finds a rare eligible one.
/// </summary>
public static class ReplicaSelection
{
    private const int Draws = 16;

    /// <summary>Whether <paramref name="candidate"/> may check a job already run by <paramref name="attempts"/> (primary first).</summary>
    public static bool IsEligible(in ReplicaCandidate candidate, IReadOnlyList<ReplicaCandidate> attempts, VerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(policy);
        if (attempts.Count == 0)
        {
            throw new ArgumentException("Replica selection needs the primary attempt.", nameof(attempts));
        }

        var primary = attempts[0];
        if (!policy.IsAdmitted(candidate.Reputation)
            || !string.Equals(candidate.HardwareClass, primary.HardwareClass, StringComparison.Ordinal)
            || !string.Equals(candidate.ModelBuild, primary.ModelBuild, StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < attempts.Count; i++)
        {
            if (string.Equals(candidate.VehicleId, attempts[i].VehicleId, StringComparison.Ordinal)
                || string.Equals(candidate.OwnerId, attempts[i].OwnerId, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The index in <paramref name="candidates"/> of the vehicle to run the next attempt, or -1 when none is eligible.</summary>
    public static int Choose(IReadOnlyList<ReplicaCandidate> candidates, IReadOnlyList<ReplicaCandidate> attempts, VerificationPolicy policy, IRandomSource random)
    {
        var first = ChooseOne(candidates, attempts, policy, random);
        if (first < 0 || attempts.Count < 2)
        {
            return first;
        }

        var second = ChooseOne(candidates, attempts, policy, random);
        return candidates[second].Reputation.ConsecutiveValid > candidates[first].Reputation.ConsecutiveValid ? second : first;
    }

    private static int ChooseOne(IReadOnlyList<ReplicaCandidate> candidates, IReadOnlyList<ReplicaCandidate> attempts, VerificationPolicy policy, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        if (candidates.Count == 0)
        {
            return -1;
        }

        for (var draw = 0; draw < Draws; draw++)
        {
            var i = random.NextInt(candidates.Count);
            if (IsEligible(candidates[i], attempts, policy))
            {
                return i;
            }
        }

        var eligible = new List<int>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (IsEligible(candidates[i], attempts, policy))
            {
                eligible.Add(i);
            }
        }

        return eligible.Count == 0 ? -1 : eligible[random.NextInt(eligible.Count)];
    }
}
