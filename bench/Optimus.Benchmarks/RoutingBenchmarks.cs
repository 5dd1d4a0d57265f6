using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Optimus.Core.Routing;
using Optimus.Routing.Data;
using Optimus.Routing.Model;
using Perfolizer.Mathematics.OutlierDetection;

namespace Optimus.Benchmarks;

/// <summary>
/// The pre-generation routing decision on the request path (issue 6: ≤ 1 ms at p99): <c>Router.RouteBeforeGeneration</c>
/// on a router trained and calibrated as <c>optimus router train</c> does (default options, 20% held out, 30% cloud
/// share). Each iteration is a single decision and no outlier is dropped, so the percentile columns are percentiles of
/// single decisions (BenchmarkDotNet's MinIterationTime warning is expected: a 0.1 ms iteration is the point). The
/// router file is <c>OPTIMUS_ROUTER</c> if set, else one trained once and cached in the temp folder.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SingleDecisionConfig))]
public class RoutingBenchmarks
{
    private Router _router = null!;
    private string _text = "";

    [Params("chat", "gsm8k", "mmlu")]
    public string Prompt { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var rows = RoutingDataSets.Load(Path.Combine(RepositoryRoot(), "..", "shared", "data", "routing"));
        _router = Environment.GetEnvironmentVariable("OPTIMUS_ROUTER") is { } path ? Router.Load(path) : CachedRouter(rows);
        // Held-out rows: the router has not seen them, as it will not have seen a customer's prompt.
        var heldOut = rows.Where(r => StableSplit.IsHeldOut(r.Prompt, RouterTrainingOptions.DefaultSeed, 0.2)).ToList();
        _text = Prompt switch
        {
            "gsm8k" => heldOut.First(r => r.DataSet == RoutingDataSets.Gsm8k).Prompt,
            "mmlu" => heldOut.First(r => r.DataSet == RoutingDataSets.Mmlu).Prompt,
            _ => "Write a short story about a robot who learns to paint.",
        };
    }

    [Benchmark]
    public RouteDecision RouteBeforeGeneration() => _router.RouteBeforeGeneration(_text);

    [GlobalCleanup]
    public void Cleanup() => _router.Dispose();

    private static Router CachedRouter(IReadOnlyList<RoutingRow> rows)
    {
        // One cached file per router format; a file an older build wrote within the same format is trained anew.
        var path = Path.Combine(Path.GetTempPath(), "optimus-bench", $"router-{RouterManifest.CurrentFormat.Replace('/', '-')}.zip");
        if (File.Exists(path))
        {
            try
            {
                return Router.Load(path);
            }
            catch (InvalidDataException)
            {
                File.Delete(path);
            }
        }

        var seed = RouterTrainingOptions.DefaultSeed;
        using (var router = RouterTrainer.Train(rows.Where(r => !StableSplit.IsHeldOut(r.Prompt, seed, 0.2)).ToList()))
        {
            router.Calibrate(rows.Where(r => StableSplit.IsHeldOut(r.Prompt, seed, 0.2)).ToList(), 0.3);
            router.Save(path);
        }

        return Router.Load(path);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Optimus.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Optimus.slnx not found above the benchmark binaries.");
    }

    private sealed class SingleDecisionConfig : ManualConfig
    {
        public SingleDecisionConfig()
        {
            AddJob(Job.Default
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithWarmupCount(50)
                .WithIterationCount(2000)
                .WithOutlierMode(OutlierMode.DontRemove));
            AddColumn(StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.Max);
        }
    }
}
