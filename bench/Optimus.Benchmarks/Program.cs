using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Optimus.Benchmarks.PlacementBenchmarks).Assembly).Run(args);
