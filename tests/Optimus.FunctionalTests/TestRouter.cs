using Optimus.Core.Routing;
using Optimus.Routing.Data;
using Optimus.Routing.Model;
using Optimus.Testing;

namespace Optimus.FunctionalTests;

/// <summary>
/// One router file for the routing tests, trained once per test run on 30% of ../shared/data/routing with fewer trees
/// than the default (these tests check that the gateway follows the file, not how good the file is) and calibrated
/// to a 30% cloud share on another 20%. The remaining half is <see cref="HeldOutRows"/>.
/// </summary>
internal static class TestRouter
{
    public const int Seed = 42;

    private static readonly Lazy<IReadOnlyList<RoutingRow>> Rows = new(() => RoutingDataSets.Load(Path.Combine(TestPaths.SharedDirectory, "data", "routing")));
    private static readonly Lazy<string> TrainedPath = new(Train);

    /// <summary>The router file (trained on first use, deleted when the test process exits).</summary>
    public static string FilePath => TrainedPath.Value;

    /// <summary>Rows the router neither trained nor calibrated on.</summary>
    public static IEnumerable<RoutingRow> HeldOutRows => Rows.Value.Where(r => StableSplit.Unit(r.Prompt, Seed) >= 0.5);

    /// <summary>Trains the file off the calling thread, so that a fixture can start servers meanwhile.</summary>
    public static Task<string> FilePathAsync() => Task.Run(() => FilePath);

    /// <summary>Held-out prompts short enough for the edge context whose prompt-stage decision is <paramref name="tier"/>.</summary>
    public static IEnumerable<string> PromptsRoutedTo(Router router, RouteTier tier) => HeldOutRows
        .Select(r => r.Prompt)
        .Where(p => p.Length < 300 && router.RouteBeforeGeneration(p).Tier == tier);

    private static string Train()
    {
        var training = Rows.Value.Where(r => StableSplit.Unit(r.Prompt, Seed) < 0.3).ToList();
        var calibration = Rows.Value.Where(r => StableSplit.Unit(r.Prompt, Seed) is >= 0.3 and < 0.5).ToList();
        using var router = RouterTrainer.Train(training, new RouterTrainingOptions(Seed, Trees: 40));
        router.Calibrate(calibration, 0.3);
        var path = Path.Combine(Path.GetTempPath(), "optimus-tests", $"router-{Guid.NewGuid():N}.zip");
        router.Save(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return path;
    }
}
