using LLama;
using LLama.Common;
using LLama.Native;
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
