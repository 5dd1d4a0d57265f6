namespace Optimus.Inference.Models;

/// <summary>The model used when none is given: Karpathy's stories260K (MIT), as llama.cpp's CI uses it.</summary>
public static class DefaultModel
{
    public const string FileName = "stories260K.gguf";

    public const string Sha256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    public const long Bytes = 1_185_376;

    /// <summary>The Hugging Face repository ggml-org/models, path tinyllamas/stories260K.gguf.</summary>
    public static Uri DownloadUri { get; } = new("https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf");
}
