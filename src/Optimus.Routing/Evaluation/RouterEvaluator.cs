using Optimus.Core.Routing;
using Optimus.Routing.Data;
using Optimus.Routing.Model;

namespace Optimus.Routing.Evaluation;

/// <summary>
/// Evaluates routers on rows they were not trained on: k-fold cross-validation of fresh routers, or the held-out
/// share of an existing router file. GSM8K is scored after generation (its rows carry the weak model's answer), MMLU
/// before generation (prompt only).
/// </summary>
public static class RouterEvaluator
{
    /// <summary>The default number of folds.</summary>
    public const int DefaultFolds = 5;

    /// <summary>
    /// k-fold cross-validation: rows go to folds by a seeded hash of the prompt (identical prompts share a fold); a
    /// router trained on the other folds scores each fold, and every data set's curve pools all rows' held-out scores.
    /// </summary>
    public static IReadOnlyList<DataSetEvaluation> CrossValidate(
        IReadOnlyList<RoutingRow> rows, int folds, RouterTrainingOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var fold = rows.Select(r => StableSplit.Fold(r.Prompt, options.Seed, folds)).ToArray();
        var scores = new Scores(rows.Count);
        // Folds are independent and each router trains on one thread, so folds run in parallel; every fold writes
        // only its own rows' scores, and the results do not depend on the order folds finish in.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) };
        var logLock = new Lock();
        Parallel.For(0, folds, parallel, f =>
        {
            var train = Enumerable.Range(0, rows.Count).Where(i => fold[i] != f).Select(i => rows[i]).ToList();
            var test = Enumerable.Range(0, rows.Count).Where(i => fold[i] == f).ToList();
            lock (logLock)
            {
                log?.Invoke($"fold {f + 1}/{folds}: training on {train.Count} rows, scoring {test.Count}");
            }

            using var router = RouterTrainer.Train(train, options);
            scores.Add(router, rows, test);
        });

        var split = $"{folds}-fold cross-validation, folds by seeded prompt hash (seed {options.Seed}); "
            + $"every row scored by the router trained on the other {folds - 1} folds";
        return scores.Evaluate(rows, split);
    }

    /// <summary>Evaluates <paramref name="router"/> on the rows of <paramref name="rows"/> that its training held out.</summary>
    /// <exception cref="InvalidOperationException">The router file records no held-out share, or no row is held out.</exception>
    public static IReadOnlyList<DataSetEvaluation> EvaluateHeldOut(Router router, IReadOnlyList<RoutingRow> rows, string routerName)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(rows);
        var manifest = router.Manifest;
        var heldOut = Enumerable.Range(0, rows.Count).Where(i => manifest.IsHeldOut(rows[i])).ToList();
        if (heldOut.Count == 0)
        {
            throw new InvalidOperationException(
                $"Router '{routerName}' holds out no rows of this data (held-out share {manifest.HoldOutShare}); evaluate without --router to cross-validate.");
        }

        var scores = new Scores(rows.Count);
        scores.Add(router, rows, heldOut);
        var split = $"held-out {manifest.HoldOutShare * 100:F0}% of the data by seeded prompt hash (seed {manifest.HoldOutSeed}), "
            + $"never trained on by router file {routerName}";
        return scores.Evaluate(heldOut.Select(i => rows[i]).ToList(), split, heldOut);
    }

    /// <summary>Held-out scores gathered per row: learned (both stages) and the simple-signal baseline.</summary>
    private sealed class Scores(int count)
    {
        private readonly double[] _prompt = new double[count];
        private readonly double[] _response = new double[count];
        private readonly double[] _simple = new double[count];

        public void Add(Router router, IReadOnlyList<RoutingRow> rows, List<int> indices)
        {
            var testRows = indices.Select(i => rows[i]).ToList();
            var prompt = router.ScorePrompts(testRows);
            var withResponse = indices.Where(i => rows[i].WeakResponse is not null).ToList();
            var response = router.ScoreResponses(withResponse.Select(i => rows[i]).ToList());
            for (var k = 0; k < indices.Count; k++)
            {
                var row = rows[indices[k]];
                _prompt[indices[k]] = prompt[k];
                _simple[indices[k]] = row.WeakResponse is { } answer
                    ? BaselineScores.FromResponse(ResponseSignalExtractor.Extract(row.Prompt, answer))
                    : BaselineScores.FromSubject(router.Featurizer.Rates.For(row.Subject));
            }

            for (var k = 0; k < withResponse.Count; k++)
            {
                _response[withResponse[k]] = response[k];
            }
        }

        public List<DataSetEvaluation> Evaluate(IReadOnlyList<RoutingRow> rows, string split, List<int>? indices = null)
        {
            indices ??= Enumerable.Range(0, rows.Count).ToList();
            var results = new List<DataSetEvaluation>();
            foreach (var dataSet in new[] { RoutingDataSets.Gsm8k, RoutingDataSets.Mmlu })
            {
                var members = Enumerable.Range(0, rows.Count).Where(k => rows[k].DataSet == dataSet).ToList();
                if (members.Count == 0)
                {
                    continue;
                }

                var outcomes = members.Select(k => rows[k].Outcome).ToList();
                double[] Pick(double[] source) => members.Select(k => source[indices[k]]).ToArray();
                var afterGeneration = members.All(k => rows[k].WeakResponse is not null);
                var prompt = RouterCurve.FromScores(afterGeneration ? "learned_prompt" : "learned", "learned, prompt only", Pick(_prompt), outcomes);
                var learned = afterGeneration
                    ? RouterCurve.FromScores("learned", "learned, after generation", Pick(_response), outcomes)
                    : prompt;
                var others = new List<RouterCurve>();
                if (afterGeneration)
                {
                    others.Add(prompt);
                }

                var simpleName = afterGeneration ? "simple: arithmetic + final answer" : "simple: subject base rate";
                others.Add(RouterCurve.FromScores("simple", simpleName, Pick(_simple), outcomes));
                others.Add(RouterCurve.FromCurve("random", "random", QualityCurve.Random(outcomes)));
                others.Add(RouterCurve.FromCurve("oracle", "oracle", QualityCurve.Oracle(outcomes)));
                results.Add(new DataSetEvaluation(dataSet, split, learned, others));
            }

            return results;
        }
    }
}
