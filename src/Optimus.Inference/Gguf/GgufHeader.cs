using Optimus.Core.Inference;

namespace Optimus.Inference.Gguf;

/// <summary>A GGUF file's header: its version, tensor count, size and metadata values.</summary>
public sealed record GgufHeader(uint Version, ulong TensorCount, long FileBytes, IReadOnlyDictionary<string, object> Values)
{
    public string Architecture => GetString("general.architecture") ?? "unknown";

    public string? Name => GetString("general.name");

    public bool HasChatTemplate => Values.ContainsKey("tokenizer.chat_template");

    public string? GetString(string key) => Values.TryGetValue(key, out var value) ? value as string : null;

    public long? GetInteger(string key) => Values.TryGetValue(key, out var value) && value is long number ? number : null;

    /// <summary>The model's shape, from the architecture-prefixed keys (for example <c>llama.block_count</c>).</summary>
    public ModelShape ToShape()
    {
        var arch = Architecture;
        long Required(string suffix) => GetInteger($"{arch}.{suffix}")
            ?? throw new InvalidDataException($"The GGUF header lacks '{arch}.{suffix}'.");
        var heads = (int)Required("attention.head_count");
        var kvHeads = (int)(GetInteger($"{arch}.attention.head_count_kv") ?? heads);
        return new ModelShape(
            arch,
            FileBytes,
            (int)Required("block_count"),
            (int)Required("embedding_length"),
            heads,
            kvHeads,
            (int)Required("context_length"));
    }
}
