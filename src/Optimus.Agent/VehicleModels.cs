using Optimus.Core.Inference;
using Optimus.Core.Vehicles;
using Optimus.Inference;
using Optimus.Inference.Echo;
using Optimus.Inference.Gguf;
using Optimus.Inference.Llama;

namespace Optimus.Agent;

/// <summary>
/// Loads a vehicle's model: one generator (context) per die, after checking from the GGUF header alone that the
/// weights plus the KV cache for the context fit the die's memory. A model that does not fit is refused before any
/// weight is mapped.
/// </summary>
public sealed class VehicleModels : IDisposable
{
    private readonly LlamaModel? _model;

    private VehicleModels(LlamaModel? model, IReadOnlyList<ITextGenerator> generators)
    {
        _model = model;
        Generators = generators;
    }

    public IReadOnlyList<ITextGenerator> Generators { get; }

    public ModelDescription Description => Generators[0].Model;

    /// <summary>The same models, decoding no faster than <paramref name="tokensPerSecond"/> per die.</summary>
    public VehicleModels Paced(double tokensPerSecond, TimeProvider time) => tokensPerSecond <= 0
        ? this
        : new VehicleModels(_model, Generators.Select(g => (ITextGenerator)new PacedTextGenerator(g, tokensPerSecond, time)).ToArray());

    /// <summary>The same models, each wrapped by <paramref name="wrap"/> (a test's faulty or byzantine vehicle, for example).</summary>
    public VehicleModels Wrapped(Func<ITextGenerator, ITextGenerator> wrap)
    {
        ArgumentNullException.ThrowIfNull(wrap);
        return new VehicleModels(_model, Generators.Select(wrap).ToArray());
    }

    /// <summary>Checks the budget and loads a GGUF model with one context per die.</summary>
    public static VehicleModels LoadGguf(string path, HardwareProfile profile, int contextLength, int threads)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var shape = GgufReader.ReadShape(path);
        var context = contextLength > 0 ? contextLength : shape.TrainedContextLength;
        var estimate = MemoryBudget.Estimate(shape, context);
        if (!MemoryBudget.Fits(estimate, profile.MemoryPerDieBytes))
        {
            throw new ModelDoesNotFitException(
                $"Model '{Path.GetFileName(path)}' with a {context}-token context needs {estimate} per die, but profile " +
                $"'{profile.Name}' has {MemoryEstimate.Mib(profile.MemoryPerDieBytes)} per die. Use a smaller model or " +
                "quantisation, a shorter --context, or a profile with more memory per die.");
        }

        var model = LlamaModel.Load(path, context);
        var generators = new ITextGenerator[profile.Dies];
        for (var die = 0; die < profile.Dies; die++)
        {
            generators[die] = model.CreateGenerator(threads);
        }

        return new VehicleModels(model, generators);
    }

    /// <summary>The zero-cost echo backend, one per die, for measuring the platform's own overhead.</summary>
    public static VehicleModels Echo(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new VehicleModels(null, Enumerable.Range(0, profile.Dies).Select(_ => (ITextGenerator)new EchoTextGenerator()).ToArray());
    }

    public void Dispose()
    {
        foreach (var generator in Generators)
        {
            generator.Dispose();
        }

        _model?.Dispose();
    }
}
