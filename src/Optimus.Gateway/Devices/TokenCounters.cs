using System.Text;
using Optimus.Gateway.Api;
using Optimus.Inference;
using Optimus.Inference.Echo;
using Optimus.Inference.Llama;

namespace Optimus.Gateway.Devices;

/// <summary>
/// The gateway's own prompt counts, by the model a vehicle serves: the edge model's GGUF (<see cref="GatewayOptions.EdgeModelPath"/>,
/// loaded vocabulary-only) and the echo backend. A vehicle serving a model the gateway has no tokenizer for is billed at
/// most an upper bound of its prompt (see <see cref="PromptCount"/>), and its counts are not judged.
/// </summary>
internal sealed class TokenCounters : IDisposable
{
    // Room for the chat template's markers and the BOS token: no template adds more tokens than this per message.
    private const int TemplateTokensPerMessage = 16;

    private readonly Dictionary<string, IPromptTokenCounter> _byModel = new(StringComparer.Ordinal);
    private readonly LlamaPromptCounter? _edge;

    public TokenCounters(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Add(new EchoPromptCounter());
        if (options.EdgeModelPath is { } path)
        {
            _edge = LlamaPromptCounter.Load(path);
            Add(_edge);
        }
    }

    /// <summary>The edge model's name, when the gateway has its file.</summary>
    public string? EdgeModel => _edge?.ModelName;

    public PromptCount Count(InferenceRequest request, string? model)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = request.IsChat ? new GenerationInput(request.Messages ?? [], null) : new GenerationInput(null, request.Prompt ?? string.Empty);
        // A car that names a model the gateway has no tokenizer for is still counted with the edge model's, when the
        // gateway has it: optimus-edge is that model, and a car must not pick which counter bills its customer.
        if (model is not null && (_byModel.TryGetValue(model, out var counter) || (counter = _edge) is not null))
        {
            return new PromptCount(counter.CountPromptTokens(input), Exact: true);
        }

        return new PromptCount(UpperBound(input), Exact: false);
    }

    public void Dispose() => _edge?.Dispose();

    // Every token of a byte-level tokenizer covers at least one byte of the text, except the template's own markers.
    private static int UpperBound(GenerationInput input)
    {
        long bytes = TemplateTokensPerMessage;
        if (input.Prompt is { } prompt)
        {
            bytes += Encoding.UTF8.GetByteCount(prompt);
        }

        foreach (var message in input.Messages ?? [])
        {
            bytes += Encoding.UTF8.GetByteCount(message.Role) + Encoding.UTF8.GetByteCount(message.Content) + TemplateTokensPerMessage;
        }

        return (int)Math.Min(bytes, int.MaxValue);
    }

    private void Add(IPromptTokenCounter counter) => _byModel[counter.ModelName] = counter;
}
