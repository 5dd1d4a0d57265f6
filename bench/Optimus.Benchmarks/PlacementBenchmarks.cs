using BenchmarkDotNet.Attributes;
using Optimus.Core.Placement;
using Optimus.Core.Randomness;

namespace Optimus.Benchmarks;

/// <summary>The pure placement policy over a fleet of registered vehicles (issue 3: ≥ 1,000,000 placements/s per core).</summary>
[MemoryDiagnoser]
public class PlacementBenchmarks
{
    private readonly PowerOfTwoChoicesPlacementPolicy _policy = new();
    private readonly SeededRandom _random = new(42);
    private VehicleLoad[] _fleet = [];

    [Params(1_000_000)]
    public int Vehicles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(1);
        _fleet = Enumerable.Range(0, Vehicles)
            .Select(i => new VehicleLoad($"car-{i}", random.NextInt(2), 2, 600 + (random.NextDouble() * 36_000), 0.5 + (random.NextDouble() / 2)))
            .ToArray();
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public int Place1000()
    {
        var request = PlacementRequest.Interactive(30);
        var sum = 0;
        for (var i = 0; i < 1000; i++)
        {
            sum += _policy.Choose(_fleet, request, _random);
        }

        return sum;
    }
}
