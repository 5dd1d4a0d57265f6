using Optimus.Core.Routing;
using Optimus.Routing.Data;
using Optimus.Routing.Model;
using Optimus.Routing.Tests.Data;

namespace Optimus.Routing.Tests.Model;

/// <summary>
/// One router shared by the model and command tests: trained on 40% of the routing data, calibrated on another 30%,
/// with the last 30% never seen; saved to a temporary router file.
/// </summary>
public sealed class RouterFixture : IDisposable
{
    public const int Seed = 42;
    public const double CloudShare = 0.3;

    public RouterFixture()
    {
        var rows = RoutingDataSets.Load(RoutingDataSetsTests.DataDirectory);
        TrainingRows = rows.Where(r => StableSplit.Unit(r.Prompt, Seed) < 0.4).ToList();
        CalibrationRows = rows.Where(r => StableSplit.Unit(r.Prompt, Seed) is >= 0.4 and < 0.7).ToList();
        TestRows = rows.Where(r => StableSplit.Unit(r.Prompt, Seed) >= 0.7).ToList();
        Router = RouterTrainer.Train(TrainingRows, new RouterTrainingOptions(Seed));
        Router.Calibrate(CalibrationRows, CloudShare);
        Directory.CreateDirectory(WorkDirectory);
        Router.Save(RouterPath);
    }

    public IReadOnlyList<RoutingRow> TrainingRows { get; }

    public IReadOnlyList<RoutingRow> CalibrationRows { get; }

    public IReadOnlyList<RoutingRow> TestRows { get; }

    public Router Router { get; }

    public string WorkDirectory { get; } = Path.Combine(Path.GetTempPath(), $"optimus-router-tests-{Guid.NewGuid():N}");

    public string RouterPath => Path.Combine(WorkDirectory, "router.zip");

    public void Dispose()
    {
        Router.Dispose();
        Directory.Delete(WorkDirectory, recursive: true);
    }
}
