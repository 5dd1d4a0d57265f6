using Optimus.Core.Inference;

namespace Optimus.Inference;

/// <summary>
/// One model instance with one context: it runs one generation at a time. A vehicle holds one per die.
/// <see cref="Generate"/> is synchronous and CPU-bound; callers run it off the I/O threads.
/// </summary>
public interface ITextGenerator : IDisposable
{
    ModelDescription Model { get; }

    /// <summary>
    /// Generates, calling <paramref name="onToken"/> as each token is produced. Throws <see cref="GenerationException"/>
    /// for a request the model cannot serve and <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    GenerationResult Generate(GenerationInput input, SamplingOptions options, Action<GeneratedToken> onToken, CancellationToken cancellationToken);
}
