using LLama;
using LLama.Common;
using LLama.Native;
using Optimus.Core.Inference;
using Optimus.Inference.Gguf;

namespace Optimus.Inference.Llama;

/// <summary>
/// A GGUF model's weights loaded once through LLamaSharp (llama.cpp); each die gets its own context from
/// <see cref="CreateGenerator"/>, sharing these read-only weights.
/// </summary>
public sealed class LlamaModel : IDisposable
{
    private static readonly Lock NativeInitLock = new();
    private static bool _nativeConfigured;
    private readonly LLamaWeights _weights;

    private LlamaModel(string path, GgufHeader header, LLamaWeights weights, int contextLength)
    {
        Path = path;
        Header = header;
        _weights = weights;
        ContextLength = contextLength;
    }

    public string Path { get; }

    public GgufHeader Header { get; }

    public int ContextLength { get; }

    /// <summary>
    /// The model name reported to the coordinator: the GGUF's general.name when it says more than the architecture,
    /// else the file name.
    /// </summary>
    public string Name => Header.Name is { } name && name != Header.Architecture ? name : System.IO.Path.GetFileNameWithoutExtension(Path);

    internal LLamaWeights Weights => _weights;

    /// <summary>
    /// Loads the weights. <paramref name="contextLength"/> 0 means the model's trained context.
    /// </summary>
    public static LlamaModel Load(string path, int contextLength = 0)
    {
        ConfigureNativeLibrary();
        var header = GgufReader.ReadHeader(path);
        var trained = header.ToShape().TrainedContextLength;
        var context = contextLength > 0 ? contextLength : trained;
        var parameters = new ModelParams(path) { ContextSize = (uint)context, GpuLayerCount = 0 };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return new LlamaModel(path, header, weights, context);
    }

    /// <summary>
    /// Loads only the vocabulary (tokenizer and chat template, no weights): what the gateway needs to count a request's
    /// prompt tokens as a vehicle does, at a small fraction of the memory.
    /// </summary>
    public static LlamaModel LoadVocabulary(string path)
    {
        ConfigureNativeLibrary();
        var header = GgufReader.ReadHeader(path);
        var parameters = new ModelParams(path) { VocabOnly = true, GpuLayerCount = 0 };
        var weights = LLamaWeights.LoadFromFile(parameters);
        return new LlamaModel(path, header, weights, header.ToShape().TrainedContextLength);
    }

    /// <summary>The prompt text a request becomes: the raw prompt, or the messages in the chat template (else the plain format).</summary>
    internal string FormatPrompt(GenerationInput input)
    {
        if (input.Prompt is not null)
        {
            return input.Prompt;
        }

        if (!Header.HasChatTemplate)
        {
            return PlainPromptFormat.Format(input.Messages ?? []);
        }

        var template = new LLamaTemplate(_weights) { AddAssistant = true };
        foreach (var message in input.Messages ?? [])
        {
            template.Add(message.Role, message.Content);
        }

        return System.Text.Encoding.UTF8.GetString(template.Apply());
    }

    /// <summary>A generator with its own context (KV cache) on this model, using <paramref name="threads"/> CPU threads.</summary>
    public ITextGenerator CreateGenerator(int threads) => new LlamaTextGenerator(this, threads);

    internal ModelParams ContextParams(int threads) => new(Path)
    {
        ContextSize = (uint)ContextLength,
        BatchSize = (uint)Math.Min(ContextLength, 512),
        Threads = threads,
        BatchThreads = threads,
        GpuLayerCount = 0,
    };

    public void Dispose() => _weights.Dispose();

    // llama.cpp logs every load to stderr; the platform has its own logging, so native logs are dropped
    // unless OPTIMUS_LLAMA_LOG is set.
    private static void ConfigureNativeLibrary()
    {
        lock (NativeInitLock)
        {
            if (_nativeConfigured)
            {
                return;
            }

            _nativeConfigured = true;
            if (Environment.GetEnvironmentVariable("OPTIMUS_LLAMA_LOG") is null && !NativeLibraryConfig.LLama.LibraryHasLoaded)
            {
                NativeLibraryConfig.All.WithLogCallback(static (_, _) => { });
            }
        }
    }
}
