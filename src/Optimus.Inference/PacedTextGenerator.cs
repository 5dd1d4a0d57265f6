using Optimus.Core.Inference;

namespace Optimus.Inference;

/// <summary>
/// Holds a fast generator to a hardware profile's decode speed: token n is released no earlier than n / rate seconds
/// after generation started. With a tiny model this makes failover, hedging and cancellation observable.
/// </summary>
public sealed class PacedTextGenerator(ITextGenerator inner, double tokensPerSecond, TimeProvider time) : ITextGenerator
{
    public ModelDescription Model => inner.Model;

    public GenerationResult Generate(GenerationInput input, SamplingOptions options, Action<GeneratedToken> onToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onToken);
        var started = time.GetTimestamp();
        var produced = 0;
        return inner.Generate(input, options, token =>
        {
            produced++;
            var due = TimeSpan.FromSeconds(produced / tokensPerSecond) - time.GetElapsedTime(started);
            if (due > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(due))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            onToken(token);
        }, cancellationToken);
    }

    public void Dispose() => inner.Dispose();
}
