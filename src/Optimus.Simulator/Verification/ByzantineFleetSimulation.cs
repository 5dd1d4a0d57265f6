using System.Diagnostics;
using Optimus.Core.Randomness;
using Optimus.Core.Verification;
using Optimus.Simulator.Engine;
using Optimus.Simulator.Model;

namespace Optimus.Simulator.Verification;

/// <summary>
/// Runs Core's result verification over a byzantine fleet: each customer job goes to an admitted vehicle drawn uniformly
/// at random; <see cref="VerificationPolicy"/> decides canaries and replication, <see cref="ReplicaSelection"/> picks
/// replicas and tie-breakers (a colluder's group mate whenever Core's rules allow, with
/// <see cref="ByzantineFleetConfig.CollusionPlacement"/>), <see cref="Verdict"/> judges, and <see cref="Reputation"/>
/// moves. A job whose verdict delivers nothing runs again elsewhere. Single-threaded and seeded: a seed gives the same
/// figures. Random streams: population, dispatch, verification, behaviour.
/// </summary>
internal sealed partial class ByzantineFleetSimulation
{
    private const long Right = 0;
    private const int LengthTable = 4096;

    private readonly ByzantineFleetConfig _config;
    private readonly VerificationPolicy _policy;
    private readonly ByzantineFleet _fleet;
    private readonly Reputation[] _reputation;
    private readonly int[] _executions;
    private readonly long[] _wrongSinceCanary;
    private readonly IndexSet _admitted;
    private readonly IndexSet[] _poolAdmitted;
    private readonly PoolCandidates[] _poolCandidates;
    private readonly IndexSet _probation;
    private readonly double[] _lengths;
    private readonly IRandomSource _dispatch;
    private readonly IRandomSource _verification;
    private readonly IRandomSource _behaviour;
    private readonly List<ReplicaCandidate> _attempts = new(Verdict.MaxAttempts);
    private readonly int[] _attemptVehicles = new int[Verdict.MaxAttempts];
    private readonly long[] _two = new long[2];
    private readonly long[] _three = new long[3];
    private readonly List<(ByzantineKind Kind, int Executions, double FleetTime)> _quarantines = [];
    private readonly long[] _wrongByKind = new long[Enum.GetValues<ByzantineKind>().Length];
    private long _nextWrong;
    private long _job;
    private long _accepted, _wrongAccepted, _wrongFlagged, _suspect, _primaries, _replicas, _tieBreakers, _canaries;
    private long _retries, _unpaid, _unverifiable, _undelivered;
    private double _seconds, _acceptedSeconds;

    public ByzantineFleetSimulation(ByzantineFleetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var problems = config.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(config));
        }

        _config = config;
        _policy = config.Policy;
        var streams = new SeededRandomSourceFactory(config.Seed);
        var population = streams.Create("population");
        _fleet = ByzantineFleet.Build(config, population);
        _lengths = [.. Enumerable.Range(0, LengthTable).Select(_ => Draw.LogNormal(population, config.JobSecondsMedian, config.JobSecondsSigma))];
        _dispatch = streams.Create("dispatch");
        _verification = streams.Create("verification");
        _behaviour = streams.Create("behaviour");
        var n = config.Vehicles;
        _reputation = new Reputation[n];
        _executions = new int[n];
        _wrongSinceCanary = new long[n];
        _admitted = new IndexSet(n);
        _probation = new IndexSet(n);
        _poolAdmitted = [.. config.Pools.Select(_ => new IndexSet(n))];
        _poolCandidates = [.. _poolAdmitted.Select(set => new PoolCandidates(set, Candidate))];
        for (var v = 0; v < n; v++)
        {
            _admitted.Add(v);
            _poolAdmitted[_fleet.Pool[v]].Add(v);
        }
    }

    public ByzantineFleetResult Run()
    {
        var watch = Stopwatch.StartNew();
        var jobs = (long)_config.Vehicles * _config.JobsPerVehicle;
        for (_job = 0; _job < jobs; _job++)
        {
            RunJob(_lengths[_dispatch.NextInt(LengthTable)]);
        }

        return Result(jobs, watch.Elapsed.TotalSeconds);
    }

    private void RunJob(double length)
    {
        while (true)
        {
            var v = PickVehicle();
            if (v < 0)
            {
                _undelivered++;
                return;
            }

            if (_policy.ShouldSendCanary(_reputation[v], _verification))
            {
                RunCanary(v);
                if (_reputation[v].IsQuarantined)
                {
                    continue;
                }
            }

            _primaries++;
            if (Attempt(v, length, out var attempts) is not { } verdict)
            {
                _retries++;
                continue;
            }

            for (var i = 0; i < attempts; i++)
            {
                var judgement = verdict.JudgementOf(i);
                if (judgement is AttemptJudgement.Invalid or AttemptJudgement.Inconclusive)
                {
                    _unpaid++;
                }

                Apply(_attemptVehicles[i], judgement);
            }

            if (verdict.Deliver)
            {
                _accepted++;
                _acceptedSeconds += length;
                var delivered = (attempts == 3 ? _three : _two)[verdict.DeliveredAttempt];
                if (delivered != Right)
                {
                    var by = _attemptVehicles[verdict.DeliveredAttempt];
                    _wrongAccepted++;
                    _wrongByKind[(int)_fleet.Kind[by]]++;
                    _wrongSinceCanary[by]++;
                }

                return;
            }

            _retries++;
        }
    }

    /// <summary>
    /// Runs the job on <paramref name="v"/> and, as the policy says, on a replica and a tie-breaker. Null when the policy
    /// asks for a replica and no vehicle can be one (at the start, before any vehicle passed its admission canary): a
    /// proven vehicle's result is then delivered on trust, an unproven one's is run again elsewhere, unjudged.
    /// </summary>
    private Verdict? Attempt(int v, double length, out int attempts)
    {
        _attempts.Clear();
        _attempts.Add(Candidate(v));
        _attemptVehicles[0] = v;
        _two[0] = Execute(v, length, 0);
        attempts = 1;
        if (!_policy.ShouldReplicate(_reputation[v], _verification))
        {
            return Verdict.Trusted;
        }

        var replica = ChooseChecker();
        if (replica < 0)
        {
            _unverifiable++;
            return _reputation[v].IsProven ? Verdict.Trusted : null;
        }

        _replicas++;
        _two[1] = Execute(replica, length, 1);
        attempts = 2;
        var verdict = Verdict.Judge(_two);
        if (verdict.Outcome != VerdictOutcome.NeedsTieBreaker)
        {
            return verdict;
        }

        var tieBreaker = ChooseChecker();
        if (tieBreaker < 0)
        {
            return new Verdict(VerdictOutcome.Rejected, 2, -1, 0);
        }

        _tieBreakers++;
        _three[0] = _two[0];
        _three[1] = _two[1];
        _three[2] = Execute(tieBreaker, length, 2);
        attempts = 3;
        return Verdict.Judge(_three);
    }

    /// <summary>A customer job drawn uniformly over admitted vehicles; a vehicle on probation drawn gets a canary instead.</summary>
    private int PickVehicle()
    {
        while (true)
        {
            var total = _admitted.Count + _probation.Count;
            if (total == 0)
            {
                return -1;
            }

            var i = _dispatch.NextInt(total);
            if (i < _admitted.Count)
            {
                return _admitted[i];
            }

            RunCanary(_probation[i - _admitted.Count]);
        }
    }

    /// <summary>
    /// A canary, replicated like any job of its vehicle so that it looks like one (a colluder that cheats only when a
    /// group mate checks it meets known answers too); each attempt is judged against the known answer.
    /// </summary>
    private void RunCanary(int v)
    {
        _attempts.Clear();
        _attempts.Add(Candidate(v));
        var length = _lengths[_dispatch.NextInt(LengthTable)];
        _canaries++;
        _two[0] = Execute(v, length, 0);
        var attempts = 1;
        if (_policy.ShouldReplicate(_reputation[v], _verification) && ChooseChecker() is var checker and >= 0)
        {
            _canaries++;
            _two[1] = Execute(checker, length, 1);
            attempts = 2;
        }

        for (var i = 0; i < attempts; i++)
        {
            var vehicle = _attemptVehicles[i];
            var passed = _two[i] == Right;
            if (passed)
            {
                _wrongSinceCanary[vehicle] = 0;
            }

            var before = _reputation[vehicle];
            _reputation[vehicle] = before.AfterCanary(passed, _policy);
            Moved(vehicle, before);
        }
    }

    private void Apply(int v, AttemptJudgement judgement)
    {
        var before = _reputation[v];
        _reputation[v] = before.After(judgement, _policy);
        Moved(v, before);
    }

    /// <summary>Keeps the admitted and probation sets in step with a reputation change, and records quarantines.</summary>
    private void Moved(int v, Reputation before)
    {
        var now = _reputation[v];
        if (!before.IsQuarantined && now.IsQuarantined)
        {
            _admitted.Remove(v);
            _poolAdmitted[_fleet.Pool[v]].Remove(v);
            _quarantines.Add((_fleet.Kind[v], _executions[v], (double)_job / _config.Vehicles));
            _wrongFlagged += _wrongSinceCanary[v];
            _wrongSinceCanary[v] = 0;
            _suspect += now.DeliveredSinceCanary;
        }
        else if (before.IsQuarantined && !now.IsQuarantined)
        {
            _admitted.Add(v);
            _poolAdmitted[_fleet.Pool[v]].Add(v);
        }

        if (_policy.CanBeReadmitted(now))
        {
            _probation.Add(v);
        }
        else
        {
            _probation.Remove(v);
        }
    }

    private long Execute(int v, double length, int attempt)
    {
        _seconds += length;
        _executions[v]++;
        _attemptVehicles[attempt] = v;
        if (attempt > 0)
        {
            _attempts.Add(Candidate(v));
        }

        return Answer(v, attempt);
    }

    /// <summary>
    /// What <paramref name="v"/> returns as attempt <paramref name="attempt"/> (0 for a primary or a canary). Wrong
    /// outputs of independent cheaters are unique. Colluders share what they are asked, so a colluder cheats only when a
    /// group mate holds the same job: as the replica of a mate it turns both answers into the group's wrong output
    /// (the primary's answer waits for its replica), as a tie-breaker it copies a mate; alone it answers right.
    /// </summary>
    private long Answer(int v, int attempt)
    {
        switch (_fleet.Kind[v])
        {
            case ByzantineKind.AlwaysWrong:
                return --_nextWrong;
            case ByzantineKind.Probabilistic:
                return Draw.Chance(_behaviour, _fleet.WrongProbability[v]) ? --_nextWrong : Right;
            case ByzantineKind.Sleeper:
                return _reputation[v].IsProven ? --_nextWrong : Right;
            case ByzantineKind.Colluder:
                var group = _fleet.Group[v];
                if (attempt == 1 && _fleet.Group[_attemptVehicles[0]] == group
                    && (!_fleet.GroupSleeps[group] || _reputation[_attemptVehicles[0]].IsProven))
                {
                    _two[0] = group + 1;
                    return group + 1;
                }

                for (var i = 0; i < attempt && attempt == 2; i++)
                {
                    if (_fleet.Group[_attemptVehicles[i]] == group)
                    {
                        return _three[i];
                    }
                }

                return Right;
            default:
                return Right;
        }
    }

    /// <summary>
    /// The next checker for the attempts so far, or -1: Core's choice, except that a colluding primary's replica is a
    /// group mate whenever Core's rules allow one (tie-breakers are always Core's choice).
    /// </summary>
    private int ChooseChecker()
    {
        var primary = _attemptVehicles[0];
        if (_config.CollusionPlacement && _fleet.Group[primary] >= 0 && _attempts.Count == 1)
        {
            var members = _fleet.GroupMembers[_fleet.Group[primary]];
            var start = _verification.NextInt(members.Length);
            for (var k = 0; k < members.Length; k++)
            {
                var m = members[(start + k) % members.Length];
                if (_admitted.Contains(m) && ReplicaSelection.IsEligible(Candidate(m), _attempts, _policy))
                {
                    return m;
                }
            }
        }

        var candidates = _poolCandidates[_fleet.Pool[primary]];
        var index = ReplicaSelection.Choose(candidates, _attempts, _policy, _verification);
        return index < 0 ? -1 : candidates.VehicleAt(index);
    }

    private ReplicaCandidate Candidate(int v)
    {
        var pool = _config.Pools[_fleet.Pool[v]];
        return new ReplicaCandidate(_fleet.VehicleId[v], _fleet.OwnerId[v], pool.HardwareClass, pool.ModelBuild, _reputation[v]);
    }
}
