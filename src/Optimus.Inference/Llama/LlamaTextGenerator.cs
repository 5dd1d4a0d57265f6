using LLama;
using LLama.Native;
using LLama.Sampling;
using Optimus.Core.Inference;
using Optimus.Core.Text;

namespace Optimus.Inference.Llama;

/// <summary>
/// Token-by-token generation on one llama.cpp context. The loop is written against the batch API rather than an
/// executor so that each token's log-probability is available (the router's confidence signal) and stop sequences,
/// cancellation and exact usage counts are under our control.
/// </summary>
internal sealed partial class LlamaTextGenerator : ITextGenerator
{
    private readonly LlamaModel _model;
    private readonly LLamaContext _context;
    private readonly LLamaBatch _batch = new();
    private readonly SafeLlamaModelHandle.Vocabulary _vocab;

    public LlamaTextGenerator(LlamaModel model, int threads)
    {
        _model = model;
        _context = model.Weights.CreateContext(model.ContextParams(threads));
        _vocab = model.Weights.Vocab;
        Model = new ModelDescription(model.Name, (int)_context.ContextSize, model.Header.HasChatTemplate, "llama.cpp");
    }

    public ModelDescription Model { get; }

    public GenerationResult Generate(GenerationInput input, SamplingOptions options, Action<GeneratedToken> onToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onToken);

        var prompt = _model.FormatPrompt(input);
        var promptTokens = _context.Tokenize(prompt, addBos: true, special: true);
        var prefix = input.PrefixTokens ?? [];
        var contextSize = (int)_context.ContextSize;
        if (options.MaxTokens <= 0)
        {
            // No max_tokens: generate until the model stops or the context is full.
            options = options with { MaxTokens = Math.Max(1, contextSize - promptTokens.Length) };
        }

        if (promptTokens.Length + options.MaxTokens > contextSize)
        {
            throw new GenerationException(
                GenerationException.ContextLengthExceeded,
                $"This model's maximum context length is {contextSize} tokens. However, you requested " +
                $"{promptTokens.Length + options.MaxTokens} tokens ({promptTokens.Length} in the prompt, {options.MaxTokens} in the completion).");
        }

        _context.NativeHandle.MemoryClear(true);
        using var sampler = CreateSampler(options);
        var decoder = new StreamingTokenDecoder(_context);
        var stops = new StopSequenceMatcher(options.Stop);
        LLamaToken[] context = [.. promptTokens, .. prefix.Select(t => (LLamaToken)t)];
        var logitIndex = DecodePrompt(context, cancellationToken);
        var position = context.Length;
        var generated = prefix.Count;
        var finish = FinishReason.Length;

        // A continuation: bring the decoder and the stop matcher to the state the previous vehicle left them in.
        // Their output was already delivered, so it is discarded here.
        foreach (var token in prefix)
        {
            sampler.Accept(token);
            decoder.Add(token);
            stops.Push(decoder.Read());
        }

        while (generated < options.MaxTokens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var logits = _context.NativeHandle.GetLogitsIth(logitIndex);
            var token = sampler.Sample(_context.NativeHandle, logitIndex);
            sampler.Accept(token);
            if (token.IsEndOfGeneration(_vocab))
            {
                finish = FinishReason.Stop;
                break;
            }

            generated++;

            decoder.Add(token);
            var text = stops.Push(decoder.Read());
            onToken(new GeneratedToken(text, (int)token, Logprobs.Of(logits, (int)token), TopAlternatives(logits, options.TopLogprobs)));
            if (stops.Stopped)
            {
                finish = FinishReason.Stop;
                break;
            }

            _batch.Clear();
            _batch.Add(token, position++, LLamaSeqId.Zero, true);
            Decode();
            logitIndex = 0;
        }

        var rest = stops.Flush();
        if (rest.Length > 0)
        {
            onToken(new GeneratedToken(rest, -1, 0f, null));
        }

        return new GenerationResult(promptTokens.Length, generated, finish);
    }

    public void Dispose()
    {
        _context.Dispose();
    }

    // Feeds the prompt in chunks no larger than the batch size; returns the batch index whose logits predict the next token.
    private int DecodePrompt(LLamaToken[] tokens, CancellationToken cancellationToken)
    {
        var chunk = (int)_context.BatchSize;
        for (var start = 0; start < tokens.Length; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(chunk, tokens.Length - start);
            _batch.Clear();
            _batch.AddRange(tokens.AsSpan(start, length), start, LLamaSeqId.Zero, start + length == tokens.Length);
            Decode();
        }

        return _batch.TokenCount - 1;
    }

    private void Decode()
    {
        var result = _context.NativeHandle.Decode(_batch);
        if (result != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama.cpp decode failed: {result}.");
        }
    }

    private static BaseSamplingPipeline CreateSampler(SamplingOptions options) => options.IsGreedy
        ? new GreedySamplingPipeline()
        : new DefaultSamplingPipeline
        {
            Temperature = options.Temperature,
            TopP = options.TopP,
            TopK = 0,
            MinP = 0,
            RepeatPenalty = 1,
            Seed = options.Seed ?? (uint)Random.Shared.Next(),
        };

    private TokenLogprob[]? TopAlternatives(ReadOnlySpan<float> logits, int count)
    {
        if (count <= 0)
        {
            return null;
        }

        var top = Logprobs.Top(logits, count);
        var result = new TokenLogprob[top.Length];
        for (var i = 0; i < top.Length; i++)
        {
            result[i] = new TokenLogprob(_vocab.LLamaTokenToString(top[i].Token, true) ?? string.Empty, top[i].Logprob);
        }

        return result;
    }
}
